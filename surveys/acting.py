"""What a captain can do for a resident here (communities.acting): the open surveys they have
not answered, and the needs list."""

from django.urls import reverse
from django.utils.translation import gettext as _

from communities.acting import ActingLink
from surveys import selectors

SURVEYS_OFFERED = 10


def acting_links(*, actor, person) -> list[ActingLink]:
    links = []
    for survey in selectors.surveys_for_user(user=person)[:SURVEYS_OFFERED]:
        # Anonymous answers keep no respondent: ask the answer key, not `my_answers`.
        if survey.is_open and not selectors.has_answered(survey=survey, person=person):
            links.append(
                ActingLink(
                    _("Answer the survey: %(title)s") % {"title": survey.title},
                    reverse("surveys:answer_for", args=[survey.pk, person.pk]),
                )
            )
    links.append(
        ActingLink(
            _("Mark their needs (needs list)"), reverse("surveys:needs_for", args=[person.pk])
        )
    )
    return links
