"""REST API for residents' actions (a future mini-program): matters, comments, voting."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings.api.venue_serializers import MeetingVenueInputSerializer, VenueHeldAnswerSerializer
from consultations import selectors, services
from consultations.api.serializers import (
    BallotInputSerializer,
    BallotSerializer,
    CommentInputSerializer,
    CommentSerializer,
    ConsultationDetailSerializer,
    ConsultationSerializer,
    MatterProposeSerializer,
    MatterSerializer,
    MeetingSerializer,
)
from consultations.models import Comment, Consultation, Matter, Meeting
from consultations.views.residents import person_label


class MatterListView(generics.ListAPIView):
    serializer_class = MatterSerializer
    queryset = Matter.objects.none()  # for the schema; get_queryset scopes to the user

    @extend_schema(summary="Matters I can see")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.matters_for_user(user=self.request.user)


class MatterProposeView(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request=MatterProposeSerializer, responses={201: MatterSerializer}, summary="Raise a matter"
    )
    def post(self, request):
        data = MatterProposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        node = get_object_or_404(
            selectors.proposable_nodes_for_user(request.user), pk=values.pop("node")
        )
        matter = services.matter_propose(user=request.user, node=node, **values)
        return Response(MatterSerializer(matter).data, status=status.HTTP_201_CREATED)


class MatterDetailView(APIView):
    @extend_schema(responses=MatterSerializer, summary="One matter")
    def get(self, request, pk: int):
        matter = selectors.matter_get_for_user(user=request.user, pk=pk)
        return Response(MatterSerializer(matter).data)


class CommentListView(generics.ListAPIView):
    serializer_class = CommentSerializer
    queryset = Comment.objects.none()

    @extend_schema(summary="Comments on a matter")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        matter = selectors.matter_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        return selectors.matter_comments(matter=matter, staff=False)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        for comment in page or []:
            comment.author_label = person_label(comment.author, full=False)
        return page


class CommentCreateView(APIView):
    @extend_schema(
        request=CommentInputSerializer, responses={201: CommentSerializer}, summary="Comment"
    )
    def post(self, request, pk: int):
        matter = selectors.matter_get_for_user(user=request.user, pk=pk)
        data = CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_add(user=request.user, matter=matter, **data.validated_data)
        comment.author_label = person_label(request.user, full=True)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class ConsultationListView(generics.ListAPIView):
    serializer_class = ConsultationSerializer
    queryset = Consultation.objects.none()

    @extend_schema(summary="Consultations I can see")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.consultations_for_user(user=self.request.user)


def _detail(consultation: Consultation, user) -> dict:
    voter = selectors.voter_for_user(consultation=consultation, user=user)
    ballot = selectors.ballot_of_voter(voter)
    consultation.may_vote = voter is not None and consultation.window_state() == "open"
    consultation.my_choices = [o.pk for o in ballot.options.all()] if ballot else []
    consultation.result = None
    if selectors.results_visible(consultation=consultation, user=user):
        tally = selectors.consultation_tally(consultation)
        consultation.result = {
            "electorate_size": tally.electorate_size,
            "ballots": tally.ballots,
            "turnout_percent": tally.turnout_percent,
            "options": tally.options,
            "art278": None
            if tally.art278 is None
            else {
                "special": tally.art278.special,
                "participation_area_met": tally.art278.participation_area_met,
                "participation_heads_met": tally.art278.participation_heads_met,
                "approval_area_met": tally.art278.approval_area_met,
                "approval_heads_met": tally.art278.approval_heads_met,
                "passed": tally.art278.passed,
            },
        }
    return ConsultationDetailSerializer(consultation).data


class ConsultationDetailView(APIView):
    @extend_schema(responses=ConsultationDetailSerializer, summary="One consultation")
    def get(self, request, pk: int):
        consultation = selectors.consultation_get_for_user(user=request.user, pk=pk)
        return Response(_detail(consultation, request.user))


class BallotCastView(APIView):
    @extend_schema(
        request=BallotInputSerializer,
        responses=BallotSerializer,
        summary="Vote, or change my vote until the close",
    )
    def post(self, request, pk: int):
        consultation = selectors.consultation_get_for_user(user=request.user, pk=pk)
        data = BallotInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ballot = services.ballot_cast(
            user=request.user,
            consultation=consultation,
            option_ids=data.validated_data["options"],
        )
        return Response(
            BallotSerializer(
                {
                    "consultation": consultation.pk,
                    "options": [o.pk for o in ballot.options.all()],
                    "channel": ballot.channel,
                    "cast_at": ballot.cast_at,
                }
            ).data
        )


class MeetingListView(generics.ListAPIView):
    serializer_class = MeetingSerializer
    queryset = Meeting.objects.none()  # for the schema; get_queryset scopes to the user

    @extend_schema(summary="Council meetings of the councils I manage or sit on, with their venue")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.meetings_for_user(user=self.request.user)


class MeetingVenueView(APIView):
    @extend_schema(
        request=MeetingVenueInputSerializer,
        responses=VenueHeldAnswerSerializer,
        summary="The council's managers: hold a venue for a meeting, change it, or drop it (null)",
        description=(
            "Booked from the meeting's start for minutes_long (the held booking's length, else "
            "120). Refusals: 400 with code started (the meeting has begun), overlap, closed, "
            "capacity or inactive, or a venue you may not book; 404 for meetings of councils "
            "you do not manage."
        ),
    )
    def put(self, request, pk: int):
        meeting = get_object_or_404(
            Meeting.objects.select_related("council__community", "venue_booking__venue"), pk=pk
        )
        selectors.council_get_for_manager(user=request.user, pk=meeting.council_id)
        data = MeetingVenueInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        booking = services.meeting_venue_set(
            actor=request.user,
            meeting=meeting,
            venue=data.validated_data["venue"],
            minutes_long=data.validated_data.get("minutes_long"),
        )
        return Response(VenueHeldAnswerSerializer({"venue": booking}).data)
