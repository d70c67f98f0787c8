"""What staff can do for a resident here (communities.acting): enter the resident's paper
ballot in a consultation open for their place. Only those who manage the consultation's place
enter paper ballots, so captains are offered nothing here."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.acting import ActingLink
from consultations.selectors.access import user_manages_node
from consultations.selectors.voting import open_voters_of

CONSULTATIONS_OFFERED = 5


def acting_links(*, actor, person) -> list[ActingLink]:
    links = []
    for voter in open_voters_of(person, timezone.now())[:CONSULTATIONS_OFFERED]:
        consultation = voter.consultation
        if user_manages_node(actor, consultation.node):
            url = reverse("consultations:paper", args=[consultation.pk])
            query = f"?{urlencode({'q': voter.label})}" if voter.label else ""
            links.append(
                ActingLink(
                    _("Enter their paper ballot: %(question)s")
                    % {"question": consultation.question},
                    url + query,
                )
            )
    return links
