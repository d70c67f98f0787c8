import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts import services
from accounts.forms import PhoneCodeForm, ProfileForm
from accounts.phone_verification import phone_code_confirm, phone_code_send, phone_code_sent
from accounts.roles import Role, user_roles
from accounts.selectors import user_personal_data
from core.http import client_ip


@login_required
def profile(request):
    roles = user_roles(request.user)
    role_labels = [label for value, label in Role.choices if value in roles]
    return render(request, "accounts/profile.html", {"role_labels": role_labels})


@login_required
def profile_edit(request):
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            user.display_name = form.cleaned_data["display_name"]
            user.email = form.cleaned_data["email"].lower()
            user.save(update_fields=["display_name", "email"])
            if form.cleaned_data["id_number"]:
                services.user_set_id_number(user=user, id_number=form.cleaned_data["id_number"])
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(initial={"display_name": user.display_name, "email": user.email})
    return render(request, "accounts/profile_edit.html", {"form": form})


@login_required
def personal_data_export(request):
    """A resident downloads everything the portal holds about them (PIPL art. 45)."""
    payload = json.dumps(user_personal_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="gongzhi-my-data-{stamp}.json"'
    return response


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@login_required
def verify_phone(request):
    """Verify one's own mobile number by SMS code (needed before redeeming points)."""
    user = request.user
    next_url = _next_url(request)
    if user.phone_verified:
        messages.info(request, _("Your mobile number is verified."))
        return redirect(next_url or "accounts:profile")
    form = PhoneCodeForm()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "send":
                phone_code_send(request=request, user=user)
                messages.success(
                    request,
                    _("A code was sent to %(phone)s.") % {"phone": user.masked_phone},
                )
            else:
                form = PhoneCodeForm(request.POST)
                if form.is_valid():
                    phone_code_confirm(request=request, user=user, code=form.cleaned_data["code"])
                    messages.success(request, _("Thank you. Your mobile number is verified."))
                    return redirect(next_url or "accounts:profile")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    context = {"form": form, "next": next_url, "code_sent": phone_code_sent(request, user)}
    return render(request, "accounts/verify_phone.html", context)


def rate_limited(request, exception=None):
    """allauth's answer when a rate limit refuses a request (log-in, sign-up, reset ...), made
    our own (config.urls.handler429): a plain Chinese page, and an audit entry."""
    login = request.POST.get("login") or request.POST.get("phone") or request.POST.get("email")
    services.login_throttled_record(
        identifier=str(login or "")[:100], ip_address=client_ip(request), limit=request.path[:100]
    )
    return render(request, "429.html", status=429)
