"""The care API for mediation, the legal adviser and counselling: the same reads (audited where
the pages audit) and writes as the pages, through the same selectors and services, with the
same field-level scoping (care/api/work_serializers.py). Outside one's role: 404."""

import datetime

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from care.access import care_access_for_user
from care.api import work_serializers as s
from care.models import AdviserSession, CounsellingBooking, Dispute
from care.selectors import advice as advice_selectors
from care.selectors import mediation as mediation_selectors
from care.services import advice as advice_services
from care.services import mediation as mediation_services
from communities.models import Node
from core.http import client_ip

DISPUTE_PLACE_KINDS = [Node.Kind.COMMUNITY, Node.Kind.GRID, Node.Kind.COMPOUND, Node.Kind.BUILDING]


def _month(request) -> datetime.date:
    query = s.MonthQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    value = query.validated_data.get("month")
    if value:
        year, month = value.split("-")
        return datetime.date(int(year), int(month), 1)
    return timezone.localdate().replace(day=1)


# --- mediation ---------------------------------------------------------------------------------


class DisputeListView(generics.ListAPIView):
    """Disputes of my mediation area (grid workers, care staff); POST opens one."""

    serializer_class = s.DisputeSerializer
    queryset = Dispute.objects.none()

    def get_queryset(self):
        return mediation_selectors.disputes_for_user(user=self.request.user)

    @extend_schema(request=s.DisputeInputSerializer, responses={201: s.DisputeDetailSerializer})
    def post(self, request):
        access = care_access_for_user(request.user)
        if access.mediates.is_empty:
            raise Http404
        data = s.DisputeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        node = access.mediates.places(DISPUTE_PLACE_KINDS).filter(pk=values["node"]).first()
        if node is None:
            raise Http404
        case = None
        if values.get("case"):
            from cases.selectors import case_get_for_user

            case = case_get_for_user(user=request.user, pk=values["case"])
        dispute = mediation_services.dispute_open(
            actor=request.user,
            node=node,
            title=values["title"],
            summary=values["summary"],
            kind=values["kind"],
            parties=[dict(party) for party in values["parties"]],
            case=case,
        )
        dispute = mediation_selectors.dispute_read(
            user=request.user, pk=dispute.pk, ip_address=client_ip(request)
        )
        return Response(s.DisputeDetailSerializer(dispute).data, status=status.HTTP_201_CREATED)


class DisputeDetailView(APIView):
    """One dispute with its parties, sessions and follow-ups (each read audited)."""

    @extend_schema(responses=s.DisputeDetailSerializer)
    def get(self, request, pk: int):
        dispute = mediation_selectors.dispute_read(
            user=request.user, pk=pk, ip_address=client_ip(request)
        )
        return Response(s.DisputeDetailSerializer(dispute).data)


class DisputeSessionView(APIView):
    """Record a mediation session of an open dispute."""

    @extend_schema(request=s.SessionInputSerializer, responses={201: s.DisputeDetailSerializer})
    def post(self, request, pk: int):
        dispute = mediation_selectors.dispute_read(user=request.user, pk=pk)
        data = s.SessionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        mediation_services.dispute_session_add(
            actor=request.user, dispute=dispute, **data.validated_data
        )
        dispute = mediation_selectors.dispute_read(user=request.user, pk=pk)
        return Response(s.DisputeDetailSerializer(dispute).data, status=status.HTTP_201_CREATED)


class DisputeCloseView(APIView):
    """Close a dispute with its outcome and the level it was settled at (an agreement needs
    its terms and date)."""

    @extend_schema(request=s.DisputeCloseInputSerializer, responses=s.DisputeDetailSerializer)
    def post(self, request, pk: int):
        dispute = mediation_selectors.dispute_read(user=request.user, pk=pk)
        data = s.DisputeCloseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.setdefault("agreement_terms", "")
        mediation_services.dispute_close(actor=request.user, dispute=dispute, **values)
        dispute = mediation_selectors.dispute_read(user=request.user, pk=pk)
        return Response(s.DisputeDetailSerializer(dispute).data)


class MediationCountsView(APIView):
    """Disputes opened, agreed and settled in the grid or the community, per grid and
    community of my area, in a month (小事不出网格，大事不出社区)."""

    @extend_schema(
        parameters=[s.MonthQuerySerializer], responses=s.MediationCountSerializer(many=True)
    )
    def get(self, request):
        mediation_selectors.disputes_for_user(user=request.user)  # 404 unless a mediator
        counts = mediation_selectors.mediation_monthly_counts(
            user=request.user, month=_month(request)
        )
        return Response(s.MediationCountSerializer(counts, many=True).data)


# --- the community legal adviser ---------------------------------------------------------------


class AdviserMonthsView(APIView):
    """The month's hours per community against the 5-hour minimum, consultations and legal-aid
    referrals: for the adviser and the community's care staff."""

    @extend_schema(
        parameters=[s.MonthQuerySerializer], responses=s.AdviserMonthSerializer(many=True)
    )
    def get(self, request):
        access = care_access_for_user(request.user)
        if access.advises.is_empty and access.staff.is_empty:
            raise Http404
        month = _month(request)
        months = [
            advice_selectors.adviser_month(community=community, month=month)
            for community in advice_selectors.adviser_communities(user=request.user)
        ]
        return Response(s.AdviserMonthSerializer(months, many=True).data)


def _advised_community(user, pk: int) -> Node:
    community = (
        care_access_for_user(user).advises.places([Node.Kind.COMMUNITY]).filter(pk=pk).first()
    )
    if community is None:
        raise Http404
    return community


class AdviserSignInView(APIView):
    """The adviser signs in at a community they advise (one open session at a time)."""

    @extend_schema(request=s.SignInInputSerializer, responses={201: s.AdviserSessionSerializer})
    def post(self, request):
        data = s.SignInInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        community = _advised_community(request.user, data.validated_data["community"])
        session = advice_services.adviser_sign_in(actor=request.user, community=community)
        return Response(s.AdviserSessionSerializer(session).data, status=status.HTTP_201_CREATED)


class AdviserSignOutView(APIView):
    """The adviser signs out of the open session."""

    @extend_schema(request=None, responses=s.AdviserSessionSerializer)
    def post(self, request):
        if care_access_for_user(request.user).advises.is_empty:
            raise Http404
        if not AdviserSession.objects.filter(
            adviser=request.user, signed_out_at__isnull=True
        ).exists():
            raise Http404
        session = advice_services.adviser_sign_out(actor=request.user)
        return Response(s.AdviserSessionSerializer(session).data)


class ConsultationCreateView(APIView):
    """Log a legal consultation (and whether it was referred to legal aid); no names."""

    @extend_schema(
        request=s.ConsultationInputSerializer, responses={201: s.LegalConsultationSerializer}
    )
    def post(self, request):
        data = s.ConsultationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["community"] = _advised_community(request.user, values["community"])
        consultation = advice_services.legal_consultation_log(actor=request.user, **values)
        return Response(
            s.LegalConsultationSerializer(consultation).data, status=status.HTTP_201_CREATED
        )


# --- counselling -------------------------------------------------------------------------------


class BookingListView(generics.ListAPIView):
    """My counselling bookings, as the resident who made them or the counsellor asked; no one
    else's (staff read counts only, at counselling/counts/). POST books a counsellor."""

    serializer_class = s.CounsellingBookingSerializer
    queryset = CounsellingBooking.objects.none()

    def get_queryset(self):
        return advice_selectors.bookings_of_user(user=self.request.user).order_by(
            "-starts_at", "-id"
        )

    @extend_schema(
        request=s.BookingInputSerializer, responses={201: s.CounsellingBookingSerializer}
    )
    def post(self, request):
        data = s.BookingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        role = (
            advice_services.counsellor_roles_for_resident(request.user)
            .filter(user_id=data.validated_data["counsellor"])
            .first()
        )
        if role is None:
            raise Http404
        booking = advice_services.counselling_book(
            resident=request.user,
            counsellor=role.user,
            starts_at=data.validated_data["starts_at"],
            note=data.validated_data["note"],
        )
        booking = advice_selectors.booking_read(user=request.user, pk=booking.pk)
        context = self.get_serializer_context()
        return Response(
            s.CounsellingBookingSerializer(booking, context=context).data,
            status=status.HTTP_201_CREATED,
        )


class BookingDetailView(APIView):
    """One booking, to its resident and its counsellor only (not staff, not superusers)."""

    @extend_schema(responses=s.CounsellingBookingSerializer)
    def get(self, request, pk: int):
        booking = advice_selectors.booking_read(
            user=request.user, pk=pk, ip_address=client_ip(request)
        )
        return Response(s.CounsellingBookingSerializer(booking, context={"request": request}).data)


class BookingMoveView(APIView):
    """Confirm, cancel or close a booking (the counsellor's notes are theirs only)."""

    @extend_schema(request=s.BookingMoveInputSerializer, responses=s.CounsellingBookingSerializer)
    def post(self, request, pk: int):
        booking = advice_selectors.booking_read(user=request.user, pk=pk)
        data = s.BookingMoveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notes = data.validated_data.get("notes") or None
        if booking.counsellor_id != request.user.pk:
            notes = None
        advice_services.counselling_move(
            actor=request.user, booking=booking, to=data.validated_data["to"], notes=notes
        )
        booking = advice_selectors.booking_read(user=request.user, pk=pk)
        return Response(s.CounsellingBookingSerializer(booking, context={"request": request}).data)


class CounsellingCountsView(APIView):
    """For care staff: bookings per community and status in a month. Counts only, never who or
    what about."""

    @extend_schema(
        parameters=[s.MonthQuerySerializer], responses=s.CounsellingCountSerializer(many=True)
    )
    def get(self, request):
        counts = advice_selectors.counselling_counts(user=request.user, month=_month(request))
        return Response(s.CounsellingCountSerializer(counts, many=True).data)
