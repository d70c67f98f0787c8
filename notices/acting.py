"""What a captain can do for a resident here (communities.acting): confirm the notices that
ask for a confirmation (回执), then print the resident's receipt."""

from django.urls import reverse
from django.utils.translation import gettext as _

from communities.acting import ActingLink
from notices.models import Delivery

NOTICES_OFFERED = 10


def acting_links(*, actor, person) -> list[ActingLink]:
    pending = (
        Delivery.objects.filter(
            user=person, confirmed_at__isnull=True, notice__needs_confirmation=True
        )
        .select_related("notice")
        .order_by("-notice__published_at")[:NOTICES_OFFERED]
    )
    return [
        ActingLink(
            _("Confirm the notice for them: %(title)s") % {"title": delivery.notice.title},
            reverse("notices:confirm_for", args=[delivery.notice_id, person.pk]),
            post=True,
        )
        for delivery in pending
    ]
