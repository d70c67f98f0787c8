"""django-allauth glue: phone numbers on our User, the per-account lock, and log-in auditing."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import services
from accounts.models import User
from accounts.phones import MobilePhoneField, normalize_phone
from accounts.roles import STAFF_ROLES, user_roles
from accounts.selectors import user_get_by_login
from core.http import client_ip


def _login_from_credentials(credentials: dict) -> str:
    return credentials.get("email") or credentials.get("phone") or ""


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "phone_taken": gettext_lazy(
            "This mobile number is already registered. Log in, or reset your password."
        ),
        "phone_password_mismatch": gettext_lazy("The mobile number or password is not correct."),
    }

    def get_login_redirect_url(self, request):
        """Staff land on their workbench (a setting names it); residents keep their home.

        Only used when the log-in carries no `next`: a link someone followed still wins."""
        target = getattr(settings, "STAFF_LOGIN_REDIRECT_URL", "")
        if target and user_roles(request.user) & STAFF_ROLES:
            return resolve_url(target)
        return super().get_login_redirect_url(request)

    def phone_form_field(self, **kwargs):
        # allauth labels it "Phone"; residents know it as their mobile number (手机号).
        kwargs["label"] = gettext_lazy("Mobile number")
        return MobilePhoneField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return normalize_phone(phone)

    def set_phone(self, user: User, phone: str, verified: bool) -> None:
        user.phone = normalize_phone(phone)
        user.phone_verified = verified
        if user.pk:
            user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user: User):
        return (user.phone, user.phone_verified) if user.phone else None

    def set_phone_verified(self, user: User, phone: str) -> None:
        User.objects.filter(pk=user.pk, phone=normalize_phone(phone)).update(phone_verified=True)

    def get_user_by_phone(self, phone: str):
        return User.objects.filter(phone=normalize_phone(phone)).first()

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        from notifications.sms import send_sms

        send_sms(phone, _("Your Gongzhi verification code is %(code)s.") % {"code": code})

    def send_account_already_exists_sms(self, phone: str) -> None:
        """Sign-up with a registered number (enumeration prevention): the owner is told."""
        from notifications.sms import send_sms

        send_sms(
            phone,
            _(
                "Someone tried to register on Gongzhi with this number, which already has an "
                "account. To get in, log in with an SMS code. If it was not you, ignore this."
            ),
        )

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        """A code asked for a number without an account: nothing is sent. The page answers as
        for a registered number, and an SMS to any number typed in would cost the street money
        and let strangers flood a phone."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.real_name = form.cleaned_data.get("real_name", "")
        user.display_name = form.cleaned_data.get("display_name", "")
        if commit:
            user.save()
        return user

    def pre_authenticate(self, request, **credentials):
        user = user_get_by_login(_login_from_credentials(credentials))
        if user is not None and user.is_locked():
            services.login_refused_while_locked(user=user, ip_address=self.get_client_ip(request))
            remaining = services.login_lock_remaining(user)
            minutes = max(1, int(remaining.total_seconds() // 60) + 1) if remaining else 1
            raise forms.ValidationError(
                _(
                    "Too many failed log-ins: this account is locked. "
                    "Try again in %(minutes)d minutes or reset your password."
                )
                % {"minutes": minutes},
                code="account_locked",
            )
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError as error:
            if error.code == "too_many_login_attempts":
                services.login_throttled_record(
                    identifier=_login_from_credentials(credentials),
                    ip_address=self.get_client_ip(request),
                    limit="login_failed",
                )
            raise

    def authentication_failed(self, request, **credentials):
        login = _login_from_credentials(credentials)
        services.login_failure_record(
            user=user_get_by_login(login),
            identifier=login,
            ip_address=self.get_client_ip(request),
        )

    def login(self, request, user):
        super().login(request, user)
        services.login_success_record(user=user, ip_address=self.get_client_ip(request))

    def logout(self, request):
        if request.user.is_authenticated:
            services.logout_record(user=request.user, ip_address=self.get_client_ip(request))
        super().logout(request)

    def get_client_ip(self, request):
        # One rule for the client address (behind TRUSTED_PROXY_COUNT proxies) for allauth's
        # rate limits and our audit entries; allauth refuses a request without one.
        return client_ip(request) or "0.0.0.0"
