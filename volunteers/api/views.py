"""The volunteers API: one view per operation, thin over services and selectors.

Refusals from services (django ValidationError with a code) become 400 {"detail", "code"} in
core.api; objects outside the caller's reach are 404.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.masking import mask_name
from core.api import ServiceError
from volunteers import selectors, services
from volunteers.api import serializers as s
from volunteers.models import HelpRequest, HourRecord, Shift, Signup, Team, Wish


def _profile_data(user):
    profile = selectors.profile_for_user(user)
    if profile is None:
        raise ServiceError(_("Please register as a volunteer first."), code="not_a_volunteer")
    profile.balance_minutes = selectors.time_bank_summary(user)["balance"]
    return s.ProfileOut(profile).data


class MeView(APIView):
    @extend_schema(responses=s.ProfileOut, summary="My volunteer profile, hours, stars, balance")
    def get(self, request):
        return Response(_profile_data(request.user))


class RegisterView(APIView):
    @extend_schema(request=s.RegisterIn, responses={201: s.ProfileOut})
    def post(self, request):
        data = s.RegisterIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.volunteer_register(user=request.user, **data.validated_data)
        return Response(_profile_data(request.user), status=status.HTTP_201_CREATED)


class TeamListView(generics.ListAPIView):
    serializer_class = s.TeamOut
    queryset = Team.objects.none()

    @extend_schema(parameters=[s.TeamQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = s.TeamQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.teams_list(
            kind=query.validated_data.get("kind", ""),
            query=query.validated_data.get("q", "").strip(),
        )


class TeamJoinView(APIView):
    @extend_schema(request=s.MessageIn, responses={201: None})
    def post(self, request, pk):
        data = s.MessageIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.membership_request(
            user=request.user, team=selectors.team_get(pk=pk), **data.validated_data
        )
        return Response(status=status.HTTP_201_CREATED)


class ShiftListView(generics.ListAPIView):
    serializer_class = s.ShiftOut
    queryset = Shift.objects.none()

    def get_queryset(self):
        return selectors.shifts_open()


class ShiftSignupView(APIView):
    @extend_schema(request=None, responses={201: s.SignupOut})
    def post(self, request, pk):
        signup = services.shift_signup(user=request.user, shift=selectors.shift_get(pk=pk))
        return Response(s.SignupOut(signup).data, status=status.HTTP_201_CREATED)


class SignupCancelView(APIView):
    @extend_schema(request=None, responses=s.SignupOut)
    def post(self, request, pk):
        signup = get_object_or_404(Signup, pk=pk, user=request.user)
        return Response(s.SignupOut(services.signup_cancel(user=request.user, signup=signup)).data)


class CheckinView(APIView):
    @extend_schema(
        request=s.TokenIn,
        responses=s.SignupOut,
        summary="Check in or out with the value of the organiser's QR code",
    )
    def post(self, request):
        data = s.TokenIn(data=request.data)
        data.is_valid(raise_exception=True)
        token = data.validated_data["token"].rstrip("/").rsplit("/", 1)[-1]
        shift_id, action = services.checkin_token_read(token)
        shift = get_object_or_404(Shift, pk=shift_id)
        if action == "in":
            services.signup_check_in(user=request.user, shift=shift)
        else:
            services.signup_check_out(user=request.user, shift=shift)
        signup = Signup.objects.get(shift=shift, user=request.user, status="confirmed")
        return Response(s.SignupOut(signup).data)


class HourListView(generics.ListCreateAPIView):
    """My hour records; POST logs hours by hand against a project."""

    serializer_class = s.HourRecordOut
    queryset = HourRecord.objects.none()

    def get_queryset(self):
        return selectors.hour_records_of_user(self.request.user)

    @extend_schema(request=s.LogHoursIn, responses={201: s.HourRecordOut})
    def post(self, request):
        data = s.LogHoursIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        project = get_object_or_404(
            selectors.projects_for_logging(request.user), pk=values.pop("project")
        )
        record = services.hour_record_log(user=request.user, project=project, **values)
        return Response(s.HourRecordOut(record).data, status=status.HTTP_201_CREATED)


class PendingHourListView(generics.ListAPIView):
    """Records waiting for the caller's verification (team leaders, community staff)."""

    serializer_class = s.HourRecordOut
    queryset = HourRecord.objects.none()

    def get_queryset(self):
        return selectors.hour_records_pending_for_user(self.request.user)


class HourVerifyView(APIView):
    @extend_schema(
        request=s.VerifyIn,
        responses=s.HourRecordOut,
        description="Repeating the decision already taken answers 200 unchanged; a different "
        "decision on a decided record (e.g. an adjust that lost the race to an approve) "
        "answers 409 with code record_locked and says what was decided.",
    )
    def post(self, request, pk):
        record = selectors.hour_record_for_verifier(user=request.user, pk=pk)
        data = s.VerifyIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            record = services.hour_record_verify(
                actor=request.user, record=record, **data.validated_data
            )
        except ValidationError as error:
            if error.code != "record_locked":
                raise
            raise ServiceError(" ".join(error.messages), code=error.code, status_code=409)
        return Response(s.HourRecordOut(record).data)


class TimeBankView(APIView):
    @extend_schema(responses=s.TimeBankOut)
    def get(self, request):
        summary = selectors.time_bank_summary(request.user)
        return Response(
            {"balance_minutes": summary["balance"], "cap_minutes": summary["cap_minutes"]}
        )


class TransferView(APIView):
    @extend_schema(
        request=s.TransferIn,
        responses={201: s.TimeBankOut},
        description="Once per request_key: a retry with the same key moves nothing more.",
    )
    def post(self, request):
        data = s.TransferIn(data=request.data)
        data.is_valid(raise_exception=True)
        relative = get_object_or_404(get_user_model(), pk=data.validated_data["relative"])
        services.time_transfer_to_relative(
            user=request.user,
            relative=relative,
            minutes=data.validated_data["minutes"],
            request_key=data.validated_data["request_key"],
        )
        return TimeBankView().get(request)


class DonateView(APIView):
    @extend_schema(
        request=s.MinutesIn,
        responses={201: s.TimeBankOut},
        description="Once per request_key: a retry with the same key moves nothing more.",
    )
    def post(self, request):
        data = s.MinutesIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.time_donate(
            user=request.user,
            minutes=data.validated_data["minutes"],
            request_key=data.validated_data["request_key"],
        )
        return TimeBankView().get(request)


class RelativeView(APIView):
    @extend_schema(request=s.RelativeIn, responses={201: None})
    def post(self, request):
        data = s.RelativeIn(data=request.data)
        data.is_valid(raise_exception=True)
        link = services.relative_link_request(
            user=request.user,
            relative_login=data.validated_data["phone"],
            relation=data.validated_data["relation"],
        )
        return Response({"id": link.pk, "status": link.status}, status=status.HTTP_201_CREATED)


class HelpRequestListView(generics.ListCreateAPIView):
    """Open requests of my community and my own; POST asks for help (credits set aside)."""

    serializer_class = s.HelpRequestOut
    queryset = HelpRequest.objects.none()

    @extend_schema(parameters=[s.HelpRequestQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = s.HelpRequestQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        if query.validated_data["mine"]:
            return selectors.help_requests_of_user(self.request.user)
        return selectors.help_requests_open(self.request.user)

    @extend_schema(request=s.HelpRequestIn, responses={201: s.HelpRequestOut})
    def post(self, request):
        data = s.HelpRequestIn(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.help_request_create(user=request.user, **data.validated_data)
        return Response(s.HelpRequestOut(created).data, status=status.HTTP_201_CREATED)


HELP_SERVICES = {
    "accept": services.help_request_accept,
    "helped": services.help_request_mark_helped,
    "confirm": services.help_request_confirm,
    "cancel": services.help_request_cancel,
}


class HelpRequestActionView(APIView):
    @extend_schema(
        request=None,
        responses=s.HelpRequestOut,
        summary="accept | helped | confirm | cancel",
        operation_id="volunteers_help_action",
    )
    def post(self, request, pk, action):
        if action not in HELP_SERVICES:
            raise ServiceError(_("Unknown action."), code="not_found", status_code=404)
        help_request = selectors.help_request_get_for_user(user=request.user, pk=pk)
        result = HELP_SERVICES[action](user=request.user, request=help_request)
        return Response(s.HelpRequestOut(result).data)


class WishListView(generics.ListCreateAPIView):
    """?list=mine (default) | claimable | claimed; POST posts a wish."""

    serializer_class = s.WishOut
    queryset = Wish.objects.none()

    @extend_schema(parameters=[s.WishQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = s.WishQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        which = query.validated_data["list"]
        user = self.request.user
        if which == "claimable":
            return selectors.wishes_claimable(user)
        if which == "claimed":
            return selectors.wishes_claimed_by(user)
        return selectors.wishes_of_resident(user)

    @extend_schema(request=s.WishIn, responses={201: s.WishOut})
    def post(self, request):
        data = s.WishIn(data=request.data)
        data.is_valid(raise_exception=True)
        wish = services.wish_post(resident=request.user, **data.validated_data)
        return Response(
            s.WishOut(wish, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class WishActionView(APIView):
    @extend_schema(
        request=s.WishActionIn,
        responses=s.WishOut,
        summary="claim | done | confirm | dispute",
        operation_id="volunteers_wish_action",
    )
    def post(self, request, pk, action):
        wish = selectors.wish_get_for_user(user=request.user, pk=pk)
        data = s.WishActionIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = request.user
        if action == "claim":
            wish = services.wish_claim(user=user, wish=wish)
        elif action == "done":
            if "minutes" not in values:
                raise ServiceError(_("Please give the minutes spent."), code="invalid_minutes")
            wish = services.wish_mark_done(
                user=user, wish=wish, minutes=values["minutes"], note=values["note"]
            )
        elif action == "confirm":
            wish = services.wish_confirm(resident=user, wish=wish)
        elif action == "dispute":
            wish = services.wish_dispute(resident=user, wish=wish, reason=values["reason"])
        else:
            raise ServiceError(_("Unknown action."), code="not_found", status_code=404)
        return Response(s.WishOut(wish, context={"request": request}).data)


class CertificateIssueView(APIView):
    @extend_schema(request=s.CertificateIn, responses={201: s.CertificateOut})
    def post(self, request):
        data = s.CertificateIn(data=request.data)
        data.is_valid(raise_exception=True)
        certificate = services.certificate_issue(volunteer=request.user, **data.validated_data)
        return Response(s.CertificateOut(certificate).data, status=status.HTTP_201_CREATED)


class CertificateCheckView(APIView):
    """Public: check a certificate number (a forged one is 404)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=s.CertificateCheckOut)
    def get(self, request, number):
        certificate = selectors.certificate_by_number(number)
        if certificate is None:
            raise ServiceError(
                _("No certificate has this number."), code="not_found", status_code=404
            )
        return Response(
            s.CertificateCheckOut(
                {
                    "number": certificate.number,
                    "name": mask_name(certificate.name),
                    "volunteer_number": certificate.volunteer_number,
                    "period_from": certificate.period_from,
                    "period_to": certificate.period_to,
                    "minutes": certificate.minutes,
                    "issuer": certificate.issuer.full_name,
                    "issued_on": certificate.issued_on,
                }
            ).data
        )
