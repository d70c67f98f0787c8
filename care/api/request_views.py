"""The care API for service requests: a visit's finding asked as a service and followed up to
done, read (audited) and moved by the care roles over the person's home, as on the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from care import services
from care.api import work_serializers as s
from care.models import ServiceRequest
from care.selectors import requests as request_selectors
from care.selectors import visits as visit_selectors
from core.http import client_ip


class ServiceRequestListView(generics.ListAPIView):
    """The service requests of my care places, open ones first; each page read is audited."""

    serializer_class = s.ServiceRequestSerializer
    queryset = ServiceRequest.objects.none()

    def get_queryset(self):
        return request_selectors.service_requests_for_user(user=self.request.user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        request_selectors.service_requests_audit(
            user=self.request.user,
            requests=page if page is not None else queryset,
            ip_address=client_ip(self.request),
        )
        return page


class ServiceRequestDetailView(APIView):
    """One request with its follow-up (audited)."""

    @extend_schema(responses=s.ServiceRequestDetailSerializer)
    def get(self, request, pk: int):
        item = request_selectors.service_request_read(
            user=request.user, pk=pk, ip_address=client_ip(request)
        )
        return Response(s.ServiceRequestDetailSerializer(item).data)


class ServiceRequestProgressView(APIView):
    """Move a request on: being arranged, or done (with a note)."""

    @extend_schema(
        request=s.RequestProgressInputSerializer, responses=s.ServiceRequestDetailSerializer
    )
    def post(self, request, pk: int):
        item = request_selectors.service_request_read(user=request.user, pk=pk)
        data = s.RequestProgressInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.service_request_progress(actor=request.user, request=item, **data.validated_data)
        item = request_selectors.service_request_read(user=request.user, pk=pk)
        return Response(s.ServiceRequestDetailSerializer(item).data)


class VisitToRequestView(APIView):
    """Ask for a service from a visit's finding (once per visit)."""

    @extend_schema(request=s.ToRequestInputSerializer, responses={201: s.ServiceRequestSerializer})
    def post(self, request, pk: int):
        visit = visit_selectors.visit_read(user=request.user, pk=pk, ip_address=client_ip(request))
        data = s.ToRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.visit_finding_to_service_request(
            actor=request.user, visit=visit, **data.validated_data
        )
        return Response(s.ServiceRequestSerializer(item).data, status=status.HTTP_201_CREATED)
