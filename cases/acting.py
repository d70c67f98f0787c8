"""What a captain can do for a resident here (communities.acting): report a problem."""

from django.urls import reverse
from django.utils.translation import gettext as _

from communities.acting import ActingLink


def acting_links(*, actor, person) -> list[ActingLink]:
    return [
        ActingLink(_("Report a problem for them"), reverse("cases:report_for", args=[person.pk]))
    ]
