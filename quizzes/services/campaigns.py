"""Campaigns: their settings, their leaderboards in the points app."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from quizzes.boards import campaign_boards_sync
from quizzes.models import Campaign, Category
from quizzes.place_settings import RULE_FIELDS, quiz_defaults
from quizzes.services.play import campaign_question_ids_forget

SETTINGS = RULE_FIELDS


def _validate(campaign: Campaign) -> None:
    if campaign.node.kind not in (Node.Kind.STREET, Node.Kind.COMMUNITY):
        raise ValidationError(
            _("A campaign is for a street or a community."), code="invalid_campaign_place"
        )
    if campaign.ends_at <= campaign.starts_at:
        raise ValidationError(_("The end must be after the start."), code="invalid_dates")
    if campaign.streak_length < 1:
        raise ValidationError(
            _("A draw needs at least one correct answer in a row."), code="invalid_streak"
        )


@transaction.atomic
def campaign_save(*, actor, campaign: Campaign, is_new: bool) -> Campaign:
    """Save a campaign built by a form (admin) and keep its leaderboards in line; audited.

    Days already under way keep the settings frozen in their day records.
    """
    _validate(campaign)
    campaign.save()
    campaign_boards_sync(campaign)
    campaign_question_ids_forget(campaign)
    audit_record(
        actor=actor,
        action="quizzes.campaign_created" if is_new else "quizzes.campaign_changed",
        target=campaign,
        scope_path=campaign.node.path,
        details={
            "title": campaign.title,
            "starts_at": campaign.starts_at.isoformat(),
            "ends_at": campaign.ends_at.isoformat(),
            **{name: getattr(campaign, name) for name in SETTINGS},
        },
    )
    return campaign


@transaction.atomic
def campaign_create(
    *,
    actor,
    node: Node,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    categories: list[Category],
    rules_text: str = "",
    **settings,
) -> Campaign:
    unknown = set(settings) - set(SETTINGS) - {"is_published"}
    if unknown:
        raise TypeError(f"unknown campaign settings: {sorted(unknown)}")
    # Rules not given start as the place's quiz defaults (quizzes.defaults, set per place).
    settings = {**quiz_defaults(node), **settings}
    campaign = Campaign(
        node=node,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        rules_text=rules_text,
        **settings,
    )
    campaign_save(actor=actor, campaign=campaign, is_new=True)
    campaign.categories.set(categories)
    campaign_question_ids_forget(campaign)
    return campaign
