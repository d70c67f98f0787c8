"""Factories for the communities app; trees are built through the real node service."""

import factory

from communities import services
from communities.models import Household, Node, Post, Residency
from tests.accounts.factories import UserFactory


def make_tree(
    street_code: str = "440604001", community_names=("塔坡社区",), street_name: str = "祖庙街道"
):
    """A street with communities, each with one grid, compound, building (2 units) and rooms.

    Returns a dict: street, and per community name a dict of its nodes and households.
    """
    street = Node.objects.filter(code=street_code).first() or services.node_create(
        actor=None, kind=Node.Kind.STREET, name=street_name, code=street_code
    )
    tree = {"street": street}
    for name in community_names:
        community = services.node_create(
            actor=None, kind=Node.Kind.COMMUNITY, name=name, parent=street
        )
        grid = services.node_create(
            actor=None, kind=Node.Kind.GRID, name="第1网格", parent=community
        )
        compound = services.node_create(
            actor=None, kind=Node.Kind.COMPOUND, name=f"{name[:2]}小区", parent=grid
        )
        building = services.node_create(
            actor=None, kind=Node.Kind.BUILDING, name="5栋", parent=compound
        )
        units = [
            services.node_create(actor=None, kind=Node.Kind.UNIT, name=f"{i}单元", parent=building)
            for i in (1, 2)
        ]
        households = [
            Household.objects.create(node=unit, room=f"{floor}0{i}")
            for unit in units
            for floor in (1, 2)
            for i in (1, 2)
        ]
        tree[name] = {
            "community": community,
            "grid": grid,
            "compound": compound,
            "building": building,
            "units": units,
            "households": households,
        }
    return tree


class NodeFactory(factory.django.DjangoModelFactory):
    """A street (root); use make_tree or services.node_create for lower levels."""

    class Meta:
        model = Node

    kind = Node.Kind.STREET
    name = factory.Sequence(lambda n: f"街道{n}")
    code = factory.Sequence(lambda n: f"440604{n % 1000:03d}")
    path = factory.LazyAttribute(lambda o: f"{o.code}/")
    depth = 0
    full_name = factory.LazyAttribute(lambda o: o.name)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    room = factory.Sequence(lambda n: f"{n + 101}")


class ResidencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Residency

    user = factory.SubFactory(UserFactory)
    relation = Residency.Relation.HEAD
    status = Residency.Status.APPROVED


def appoint(kind: str, node: Node, user=None) -> Post:
    """A user holding a post over node, appointed by the system."""
    return services.post_appoint(
        actor=None, user=user or UserFactory(), node=node, kind=kind, notify_holder=False
    )
