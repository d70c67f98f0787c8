"""Factories and builders for the consultations tests; writes go through the real services."""

import datetime
from decimal import Decimal

from django.utils import timezone

from communities.models import Household, Residency
from consultations import services
from consultations.models import Consultation, Matter
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory


def live_in(household: Household, user=None, *, owner: bool = False, relation=None) -> Residency:
    """An approved residency (an owner's if `owner`)."""
    return ResidencyFactory(
        user=user or UserFactory(),
        household=household,
        is_owner=owner,
        relation=relation or Residency.Relation.HEAD,
    )


def set_area(household: Household, area: str) -> Household:
    household.floor_area = Decimal(area)
    household.save(update_fields=["floor_area"])
    return household


def accepted_matter(*, node, staff, proposer=None, title="加装电梯") -> Matter:
    proposer = proposer or staff
    matter = Matter.objects.create(
        node=node, title=title, description="老旧楼栋加装电梯，征求意见。", proposer=proposer
    )
    return services.matter_accept(actor=staff, matter=matter)


def open_consultation(
    *,
    staff,
    node,
    electorate=Consultation.Electorate.RESIDENTS,
    choice_kind=Consultation.ChoiceKind.YES_NO,
    owner_matter="",
    options=None,
    max_choices=1,
    hide=True,
    matter=None,
    publish=True,
    hours=48,
) -> Consultation:
    """A consultation open from a minute ago for `hours`, published (electorate fixed)."""
    now = timezone.now()
    matter = matter or accepted_matter(node=node, staff=staff)
    consultation = services.consultation_create(
        actor=staff,
        matter=matter,
        node=node,
        question="是否同意加装电梯？",
        electorate=electorate,
        choice_kind=choice_kind,
        owner_matter=owner_matter,
        options=options,
        max_choices=max_choices,
        hide_results_until_close=hide,
        opens_at=now - datetime.timedelta(minutes=1),
        closes_at=now + datetime.timedelta(hours=hours),
    )
    if publish:
        consultation = services.consultation_publish(actor=staff, consultation=consultation)
    return consultation


def option(consultation: Consultation, code: str):
    return consultation.options.get(code=code)
