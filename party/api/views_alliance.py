"""The co-building API (党建益联盟): the staff pages' reads (party.selectors_alliance, scoped like
them: street staff their street, community staff their community, district staff their
district; anyone without an overseeing post gets 404) and writes (the party services, whose
refusals answer 400 with their code)."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from party import selectors_alliance as selectors
from party import services
from party.api import serializers_alliance as s
from party.models import Alliance, CoBuildingUnit, Commitment, Pairing
from volunteers.models import Team

FOLLOW_UP_REFUSALS = (
    "Refusals: 400 with code out_of_scope, done (the project is done already), no_note, "
    "bad_status, backwards (under way does not go back to promised) or future."
)
PAIRING_START_REFUSALS = (
    "A unit or team outside the caller's area: 404. Refusals: 400 with code out_of_scope, "
    "not_community_team, team_retired, no_activities or already_paired."
)
PAIRING_END_REFUSALS = (
    "Refusals: 400 with code out_of_scope, already_ended, no_record, bad_date (before the "
    "start) or future."
)


class UnitListView(generics.ListAPIView):
    """The co-building units (共建单位) of my area with their offers and open and overdue
    projects counted (staff overseeing party work)."""

    serializer_class = s.CoBuildingUnitSerializer
    queryset = CoBuildingUnit.objects.none()

    def get_queryset(self):
        scope = selectors.alliance_staff_scope(self.request.user)
        return selectors.units_list(scope=scope, today=timezone.localdate())


class UnitDetailView(APIView):
    @extend_schema(
        responses=s.CoBuildingUnitDetailSerializer,
        summary="One unit with its offers, projects (共建项目) and pairings (结对)",
    )
    def get(self, request, pk: int):
        scope = selectors.alliance_staff_scope(request.user)
        unit = selectors.unit_get(scope=scope, pk=pk)
        return Response(s.CoBuildingUnitDetailSerializer(unit).data)


class CommitmentListView(generics.ListAPIView):
    """The co-building projects (共建项目) of my area, earliest due first; `overdue` keeps those
    past their date and not done (the workbench's warning)."""

    serializer_class = s.CommitmentSerializer
    queryset = Commitment.objects.none()

    @extend_schema(parameters=[s.CommitmentsQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = s.CommitmentsQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        scope = selectors.alliance_staff_scope(self.request.user)
        if query.validated_data["overdue"]:
            commitments = selectors.overdue_commitments(scope=scope, today=timezone.localdate())
        else:
            commitments = selectors.commitments_in(scope=scope)
        return commitments.order_by("due_on", "pk")


def _commitment_detail(request, pk: int) -> Commitment:
    scope = selectors.alliance_staff_scope(request.user)
    return selectors.commitment_get(scope=scope, pk=pk)


class CommitmentDetailView(APIView):
    @extend_schema(
        responses=s.CommitmentDetailSerializer, summary="One project with its follow-ups"
    )
    def get(self, request, pk: int):
        return Response(s.CommitmentDetailSerializer(_commitment_detail(request, pk)).data)


class CommitmentFollowUpView(APIView):
    @extend_schema(
        request=s.CommitmentFollowUpInputSerializer,
        responses={201: s.CommitmentDetailSerializer},
        summary="Record a follow-up of a project (it moves forward only)",
        description=FOLLOW_UP_REFUSALS,
    )
    def post(self, request, pk: int):
        commitment = _commitment_detail(request, pk)
        data = s.CommitmentFollowUpInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.commitment_follow_up(
            actor=request.user, commitment=commitment, **data.validated_data
        )
        return Response(
            s.CommitmentDetailSerializer(_commitment_detail(request, pk)).data,
            status=status.HTTP_201_CREATED,
        )


class AllianceListView(generics.ListAPIView):
    """The 党建益联盟 alliances seen from my place (district before its streets), with their
    live member units and teams counted."""

    serializer_class = s.AllianceSerializer
    queryset = Alliance.objects.none()

    def get_queryset(self):
        return selectors.alliances_list(scope=selectors.alliance_staff_scope(self.request.user))


class AllianceDetailView(APIView):
    @extend_schema(
        responses=s.AllianceDetailSerializer,
        summary="One alliance with its member units and teams in my area",
    )
    def get(self, request, pk: int):
        scope = selectors.alliance_staff_scope(request.user)
        alliance = get_object_or_404(selectors.alliances_list(scope=scope), pk=pk)
        alliance.member_rows = list(selectors.alliance_members(scope=scope, alliance=alliance))
        alliance.team_rows = list(selectors.alliance_teams(scope=scope, alliance=alliance))
        return Response(s.AllianceDetailSerializer(alliance).data)


class PairingListView(generics.ListCreateAPIView):
    serializer_class = s.PairingSerializer
    queryset = Pairing.objects.none()

    @extend_schema(summary="The pairings (结对) of community teams in my area, running ones first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.pairings_in(scope=selectors.alliance_staff_scope(self.request.user))

    @extend_schema(
        request=s.PairingStartInputSerializer,
        responses={201: s.PairingSerializer},
        summary="Pair (结对) a unit with a community's volunteer team",
        description=PAIRING_START_REFUSALS,
    )
    def post(self, request):
        scope = selectors.alliance_staff_scope(request.user)
        data = s.PairingStartInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        unit = get_object_or_404(selectors.units_for_choice(scope=scope), pk=values["unit"])
        teams = scope.filter(Team.objects.select_related("node"), "node")
        team = get_object_or_404(teams, pk=values["team"])
        pairing = services.pairing_start(
            actor=request.user,
            unit=unit,
            team=team,
            started_on=values["started_on"],
            activities=values["activities"],
        )
        return Response(
            s.PairingSerializer(selectors.pairing_get(scope=scope, pk=pairing.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class PairingEndView(APIView):
    @extend_schema(
        request=s.PairingEndInputSerializer,
        responses=s.PairingSerializer,
        summary="End a pairing with a record of what came of it (the row stays as history)",
        description=PAIRING_END_REFUSALS,
    )
    def post(self, request, pk: int):
        scope = selectors.alliance_staff_scope(request.user)
        pairing = selectors.pairing_get(scope=scope, pk=pk)
        data = s.PairingEndInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.pairing_end(actor=request.user, pairing=pairing, **data.validated_data)
        return Response(s.PairingSerializer(selectors.pairing_get(scope=scope, pk=pk)).data)
