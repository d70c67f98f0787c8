"""The party API: the same reads (through party.selectors, so party.access) and writes (through
party.services) as the pages. Outside the caller's organisations everything is a 404."""

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from party import rhythm, selectors, services
from party.api import serializers as s
from party.models import (
    PartyBranch,
    PartyMember,
    PartySession,
    PostClaim,
    ServicePost,
    SessionAttendance,
)
from party.services.service import service_totals

SESSION_REFUSALS = (
    "Refusals: 400 with code forbidden (not an officer or staff of the organisation), "
    "bad_kind, past, future, no_agenda, no_venue, bad_mode, no_link or not_members."
)


class OrganisationListView(generics.ListAPIView):
    """The organisations I work in: an officer's organisation and those under it, the
    organisations anchored in a staff member's area."""

    serializer_class = s.PartyOrganisationSerializer
    queryset = PartyBranch.objects.none()

    def get_queryset(self):
        return selectors.organisations_list(user=self.request.user)


class OrganisationDetailView(APIView):
    @extend_schema(
        responses=s.PartyOrganisationDetailSerializer,
        summary="One organisation (one I work in, or my own branch)",
    )
    def get(self, request, pk: int):
        organisation, works = selectors.organisation_for_reader(user=request.user, pk=pk)
        serving = (
            organisation.officers.filter(ends_on__isnull=True)
            .select_related("user")
            .order_by("role", "starts_on", "pk")
        )
        organisation.serving_officers = list(serving)
        organisation.works_here = works
        return Response(s.PartyOrganisationDetailSerializer(organisation).data)


class MemberListView(generics.ListAPIView):
    """The current members of an organisation; status, phone, dates and work unit only to
    its officers and staff (null for a fellow member)."""

    serializer_class = s.PartyMemberSerializer
    queryset = PartyMember.objects.none()

    def get_queryset(self):
        organisation, works = selectors.organisation_for_reader(
            user=self.request.user, pk=self.kwargs["pk"]
        )
        self.works_here = works
        return selectors.members_of(organisation)

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "works_here": getattr(self, "works_here", False),
        }


class SessionListView(generics.ListCreateAPIView):
    serializer_class = s.PartySessionSerializer
    queryset = PartySession.objects.none()

    @extend_schema(summary="The organisation's sessions, latest first (members and officers)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        organisation, _works = selectors.organisation_for_reader(
            user=self.request.user, pk=self.kwargs["pk"]
        )
        return selectors.sessions_of(organisation)

    @extend_schema(
        request=s.PartySessionInputSerializer,
        responses={201: s.PartySessionDetailSerializer},
        summary="Schedule a coming session, or record one held with its attendance",
        description=SESSION_REFUSALS,
    )
    def post(self, request, pk: int):
        organisation, _works = selectors.organisation_for_reader(user=request.user, pk=pk)
        data = s.PartySessionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        common = {
            "actor": request.user,
            "organisation": organisation,
            "kind": values["kind"],
            "held_at": values["held_at"],
            "agenda": values["agenda"],
            "venue": values["venue"],
            "online_link": values["online_link"],
        }
        if values["held_at"] > timezone.now() and not values["attendance"]:
            session = services.session_schedule(**common)
        else:
            session = services.session_record(
                **common,
                minutes=values["minutes"],
                attendance={line["member"]: line["mode"] for line in values["attendance"]},
            )
        return Response(
            s.PartySessionDetailSerializer(_session_detail(session.pk, works=True)).data,
            status=status.HTTP_201_CREATED,
        )


def _session_detail(pk: int, *, works: bool, member: PartyMember | None = None) -> PartySession:
    rows = SessionAttendance.objects.select_related("member__user").order_by(
        "member__user__real_name", "member_id"
    )
    if not works:
        rows = rows.filter(member=member)
    return (
        selectors.sessions_counted()
        .prefetch_related(Prefetch("attendance", rows, to_attr="attendance_rows"))
        .get(pk=pk)
    )


def _session_for_reader(user, pk: int) -> tuple[PartySession, bool]:
    session = PartySession.objects.filter(pk=pk).only("organisation_id").first()
    if session is None:
        raise Http404
    _organisation, works = selectors.organisation_for_reader(user=user, pk=session.organisation_id)
    return session, works


class SessionDetailView(APIView):
    @extend_schema(
        responses=s.PartySessionDetailSerializer, summary="One session with its attendance"
    )
    def get(self, request, pk: int):
        session, works = _session_for_reader(request.user, pk)
        member = None if works else selectors.membership_of(request.user)
        return Response(
            s.PartySessionDetailSerializer(_session_detail(pk, works=works, member=member)).data
        )


class AttendanceRecordView(APIView):
    @extend_schema(
        request=s.PartyAttendanceInputSerializer,
        responses=s.PartySessionDetailSerializer,
        summary="Record who came to a session once held (members not named: absent)",
        description=SESSION_REFUSALS,
    )
    def post(self, request, pk: int):
        session, _works = _session_for_reader(request.user, pk)
        data = s.PartyAttendanceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.session_attendance_record(
            actor=request.user,
            session=session,
            attendance={line["member"]: line["mode"] for line in data.validated_data["attendance"]},
            minutes=data.validated_data["minutes"],
        )
        return Response(s.PartySessionDetailSerializer(_session_detail(pk, works=True)).data)


class RhythmView(APIView):
    @extend_schema(
        responses=s.PartyRhythmSerializer,
        summary="The organisation's year against the required rhythm of organisational life",
    )
    def get(self, request, pk: int):
        organisation, _works = selectors.organisation_for_reader(user=request.user, pk=pk)
        today = timezone.localdate()
        rows = rhythm.branch_year(organisation, today)
        payload = {
            "year": today.year,
            "behind": any(row.behind for row in rows),
            "rows": [
                {
                    "kind": row.kind,
                    "label": str(row.label),
                    "per_year": row.per_year,
                    "due_by_now": row.due_by_now,
                    "held": row.held,
                    "behind": row.behind,
                }
                for row in rows
            ],
        }
        return Response(s.PartyRhythmSerializer(payload).data)


class MySessionListView(generics.ListAPIView):
    """Sessions of my branch (and of my home branch, for a mobile member), with my attendance:
    coming ones soonest first with their online link, or past ones latest first."""

    serializer_class = s.MyPartySessionSerializer
    queryset = PartySession.objects.none()

    @extend_schema(parameters=[s.MyPartySessionsQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = s.MyPartySessionsQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        member = selectors.membership_of(self.request.user)
        if member is None:
            return PartySession.objects.none()
        sessions = selectors.sessions_for_member(member)
        now = timezone.now()
        if query.validated_data["when"] == "coming":
            return sessions.filter(held_at__gte=now).order_by("held_at", "pk")
        return sessions.filter(held_at__lt=now).order_by("-held_at", "-pk")


def _member_posts(user):
    member = selectors.membership_of(user)
    if member is None or not member.is_in_service or not member.reported_community_id:
        return member, ServicePost.objects.none()
    held = PostClaim.objects.filter(post=OuterRef("pk"), member=member)
    posts = (
        ServicePost.objects.filter(community_id=member.reported_community_id, is_open=True)
        .select_related("community")
        .annotate(taken=Count("claims"), mine=Exists(held))
        .order_by("title", "pk")
    )
    return member, posts


class PostListView(generics.ListAPIView):
    """The open service posts of the community I reported to (双报到), with places taken."""

    serializer_class = s.ServicePostSerializer
    queryset = ServicePost.objects.none()

    def get_queryset(self):
        return _member_posts(self.request.user)[1]


def _post_for_member(user, pk: int) -> ServicePost:
    """A post of the member's community (404 for posts elsewhere, which they cannot claim)."""
    return get_object_or_404(_member_posts(user)[1], pk=pk)


class PostClaimView(APIView):
    @extend_schema(
        request=None,
        responses=s.ServicePostSerializer,
        summary="Take a place on a post",
        description="Refusals: 400 with code not_reported, full or already.",
    )
    def post(self, request, pk: int):
        post = _post_for_member(request.user, pk)
        services.service_post_claim(user=request.user, post=post)
        return Response(s.ServicePostSerializer(_post_for_member(request.user, pk)).data)


class PostUnclaimView(APIView):
    @extend_schema(
        request=None,
        responses=s.ServicePostSerializer,
        summary="Give one's place on a post back",
        description="Refusals: 400 with code not_held.",
    )
    def post(self, request, pk: int):
        post = _post_for_member(request.user, pk)
        services.service_post_unclaim(user=request.user, post=post)
        return Response(s.ServicePostSerializer(_post_for_member(request.user, pk)).data)


class FiguresView(APIView):
    @extend_schema(
        parameters=[s.ServiceFiguresQuerySerializer],
        responses=s.ServiceFiguresSerializer,
        summary="My yearly 双报到 figures: verified minutes, wishes fulfilled, posts held",
    )
    def get(self, request):
        query = s.ServiceFiguresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or timezone.localdate().year
        totals = service_totals([request.user.pk], year)[request.user.pk]
        member = selectors.membership_of(request.user)
        posts = PostClaim.objects.filter(member=member).count() if member else 0
        community = member.reported_community if member and member.is_in_service else None
        payload = {
            "year": year,
            "minutes": totals["minutes"],
            "wishes": totals["wishes"],
            "posts": posts,
            "community": community.name if community else None,
        }
        return Response(s.ServiceFiguresSerializer(payload).data)
