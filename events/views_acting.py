"""A captain or staff member registers a resident for an activity (代办)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from communities.views_acting import person_for
from events import selectors, services
from events.views import _error_text


@login_required
def register_for(request, user_id: int):
    """The sessions the resident may join; registering one is audited naming both people."""
    person = person_for(request, user_id)
    if request.method == "POST":
        raw = request.POST.get("occurrence", "")
        if raw.isdigit():
            try:
                occurrence = selectors.occurrence_get_for_user(user=person, pk=int(raw))
                services.registration_create(user=person, occurrence=occurrence, actor=request.user)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, _("The resident is registered."))
                return redirect("communities:acting_person", person.pk)
        else:
            messages.error(request, _("Choose an activity."))
    page = Paginator(selectors.occurrences_upcoming_for_user(user=person), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "events/register_for.html", {"page": page, "person": person})
