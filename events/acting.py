"""What a captain can do for a resident here (communities.acting): register for an activity."""

from django.urls import reverse
from django.utils.translation import gettext as _

from communities.acting import ActingLink


def acting_links(*, actor, person) -> list[ActingLink]:
    return [
        ActingLink(
            _("Register them for an activity"), reverse("events:register_for", args=[person.pk])
        )
    ]
