"""The care API: the same reads (audited) and writes as the pages, with field-level scoping."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from care import selectors, services
from care.access import care_access_for_user
from care.api import serializers as s
from care.models import CareTagType
from care.selectors import visits as visit_selectors
from communities.models import Residency
from core.http import client_ip


class RegisterListView(generics.ListAPIView):
    """People on the care register in my care places (captain, grid worker, care staff), with
    their live tags. Each page read is an audit entry naming the people returned."""

    serializer_class = s.PersonSerializer
    queryset = Residency.objects.none()

    @extend_schema(parameters=[s.RegisterQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "access": care_access_for_user(self.request.user),
        }

    def get_queryset(self):
        access = care_access_for_user(self.request.user)
        if not access.has_register:
            raise Http404
        query = s.RegisterQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        place = tag_type = None
        if params.get("place"):
            place = access.register.places().filter(pk=params["place"]).first()
            if place is None:
                raise Http404
        if params.get("tag_type"):
            tag_type = CareTagType.objects.filter(pk=params["tag_type"]).first()
            if tag_type is None:
                raise Http404
        filters = selectors.RegisterFilters(
            place=place,
            tag_type=tag_type,
            level=params.get("level"),
            search=params.get("search", "").strip(),
        )
        return selectors.care_register_queryset(user=self.request.user, filters=filters)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        selectors.care_register_audit(
            user=self.request.user,
            people=page if page is not None else queryset,
            ip_address=client_ip(self.request),
        )
        return page


class PersonDetailView(APIView):
    """One person's care record (audited; 404 outside my care places)."""

    @extend_schema(responses=s.PersonSerializer)
    def get(self, request, pk: int):
        person = selectors.care_person_read(user=request.user, pk=pk, ip_address=client_ip(request))
        context = {"access": care_access_for_user(request.user)}
        return Response(s.PersonSerializer(person, context=context).data)


class VisitsDueView(APIView):
    """Visits due (within two days) and overdue in my places or assigned to me, per grid."""

    @extend_schema(responses=s.DueVisitSerializer(many=True))
    def get(self, request):
        due = visit_selectors.visits_due(user=request.user, ip_address=client_ip(request))
        return Response(s.DueVisitSerializer(due, many=True).data)


class VisitRecordView(APIView):
    """Record a home visit to a person (JSON, or multipart with a photo)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=s.VisitInputSerializer, responses={201: s.VisitSerializer})
    def post(self, request, pk: int):
        residency = visit_selectors.residency_for_visit(user=request.user, pk=pk)
        data = s.VisitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        visit = services.visit_record(
            actor=request.user, residency=residency, **data.validated_data
        )
        return Response(s.VisitSerializer(visit).data, status=status.HTTP_201_CREATED)


class VisitToCaseView(APIView):
    """Turn a visit's finding into a case at the person's building (once)."""

    @extend_schema(request=s.ToCaseInputSerializer, responses={201: s.VisitSerializer})
    def post(self, request, pk: int):
        from cases.selectors import leaf_categories

        visit = visit_selectors.visit_read(user=request.user, pk=pk, ip_address=client_ip(request))
        data = s.ToCaseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        category = leaf_categories().filter(pk=data.validated_data["category"]).first()
        if category is None:
            raise Http404
        services.visit_finding_to_case(
            actor=request.user,
            visit=visit,
            category=category,
            description=data.validated_data.get("description", ""),
        )
        visit.refresh_from_db()
        return Response(s.VisitSerializer(visit).data, status=status.HTTP_201_CREATED)
