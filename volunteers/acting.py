"""What a captain can do for a resident here (communities.acting): post a wish (微心愿)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from communities.acting import ActingLink


def acting_links(*, actor, person) -> list[ActingLink]:
    return [ActingLink(_("Post a wish for them"), reverse("volunteers:wish_for", args=[person.pk]))]
