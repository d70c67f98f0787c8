"""A provider's staff page: its manager (or the staff looking after its place) adds a staff
member by mobile number and removes one, through the audited services; no admin needed."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings import services
from bookings.models import ProviderStaff
from bookings.provider_forms import ProviderStaffForm
from bookings.selectors.providers import (
    may_manage_provider_staff,
    provider_get_for_staff_admin,
    provider_staff_of,
)
from core.outcomes import act_and_redirect, run_on_form


@login_required
def staff(request, pk: int):
    """The provider's staff, managers first, and a form to add one (others: 404)."""
    provider = provider_get_for_staff_admin(user=request.user, pk=pk)
    form = ProviderStaffForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_on_form(
            request,
            form,
            lambda: services.provider_staff_add_by_phone(
                actor=request.user,
                provider=provider,
                phone=form.cleaned_data["phone"],
                is_manager=form.cleaned_data["is_manager"],
            ),
            _("The staff member is added: they find the provider's pages on their home."),
        )
    ):
        return redirect("bookings:provider_staff", pk=provider.pk)
    return render(
        request,
        "bookings/provider/staff.html",
        {
            "provider": provider,
            "members": provider_staff_of(provider)[:200],
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def staff_remove(request, pk: int):
    member = get_object_or_404(ProviderStaff.objects.select_related("provider__node"), pk=pk)
    if not may_manage_provider_staff(request.user, member.provider):
        raise Http404
    return act_and_redirect(
        request,
        lambda: services.provider_staff_remove(actor=request.user, member=member),
        _("The staff member is removed."),
        "bookings:provider_staff",
        pk=member.provider_id,
    )
