"""A small party tree over the shared place fixtures: 党工委 on the street, a 党委 on 塔坡社区
with two branches in its compound, a branch in 保安社区 under the 党工委."""

import datetime

from communities.models import Post
from party import services
from party.models import PartyBranch, PartyOfficer
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint

Level = PartyBranch.Level


def make_party_tree(tree) -> dict:
    tapo, baoan = tree["塔坡社区"], tree["保安社区"]
    working = services.organisation_create(
        actor=None, node=tree["street"], name="街道党工委", level=Level.WORKING_COMMITTEE
    )
    committee = services.organisation_create(
        actor=None,
        node=tapo["community"],
        name="塔坡社区党委",
        level=Level.COMMITTEE,
        parent=working,
    )
    first = services.organisation_create(
        actor=None, node=tapo["compound"], name="第一支部", parent=committee, form="compound"
    )
    second = services.organisation_create(
        actor=None, node=tapo["compound"], name="第二支部", parent=committee
    )
    other = services.organisation_create(
        actor=None, node=baoan["compound"], name="保安支部", parent=working
    )
    return {
        "working": working,
        "committee": committee,
        "first": first,
        "second": second,
        "other": other,
    }


def secretary_of(organisation, *, with_post: bool = True):
    """A serving secretary; a branch's secretary also holds the 支部书记 post on its place."""
    user = UserFactory()
    services.officer_appoint(
        actor=None,
        organisation=organisation,
        user=user,
        role=PartyOfficer.Role.SECRETARY,
        starts_on=datetime.date(2025, 1, 1),
    )
    if with_post:
        appoint(Post.Kind.BRANCH_SECRETARY, organisation.node, user=user)
    return user
