"""The move of branches, members and co-building units from communities into party keeps
every row: a database at the state before the move gets rows, then migrates forward."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# PostgreSQL runs the schema changes inside the test's transaction, rolled back at its end.
pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

BEFORE = [
    ("communities", "0009_place_shapes"),
    ("cases", "0004_open311_media_url_and_client_place"),
    ("events", "0003_lunar_dates"),
    ("bookings", "0002_providers"),
    ("party", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_the_move_keeps_every_branch_member_and_unit_with_their_links():
    leaves = _leaves()
    old = _migrate(BEFORE)
    node_model = old.get_model("communities", "Node")
    user_model = old.get_model("accounts", "User")
    branch_model = old.get_model("communities", "PartyBranch")
    member_model = old.get_model("communities", "PartyMember")
    unit_model = old.get_model("communities", "CoBuildingUnit")
    team_model = old.get_model("communities", "ResponsibilityTeam")
    street = node_model.objects.create(
        kind="street", name="祖庙街道", code="440604001", path="440604001", depth=0
    )
    community = node_model.objects.create(
        parent=street,
        kind="community",
        name="塔坡社区",
        code="440604001001",
        path="440604001.440604001001",
        depth=1,
    )
    branches = [branch_model.objects.create(node=community, name=f"第{n}党支部") for n in range(3)]
    members = [
        member_model.objects.create(
            user=user_model.objects.create(phone=f"1380000{n:04d}", real_name=f"党员{n}"),
            branch=branches[n % 3],
        )
        for n in range(5)
    ]
    in_service = member_model.objects.create(
        user=user_model.objects.create(phone="13900000000", real_name="在职党员"),
        reported_community=community,
        is_in_service=True,
        work_unit="禅城区税务局",
    )
    units = [
        unit_model.objects.create(community=community, kind="company", name=f"单位{n}")
        for n in range(2)
    ]
    team = team_model.objects.create(owner=street, name="第一承责团队")
    team.units.add(units[0])

    # The rows' foreign-key checks are deferred to the commit; the later migrations alter these
    # tables, which PostgreSQL refuses while checks are pending: run them now.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _migrate(leaves)

    from communities.models import ResponsibilityTeam
    from party.models import CoBuildingUnit, PartyBranch, PartyMember

    assert sorted(PartyBranch.objects.values_list("pk", "name", "node_id")) == sorted(
        (b.pk, b.name, community.pk) for b in branches
    )
    assert sorted(PartyMember.objects.values_list("pk", "user_id", "branch_id")) == sorted(
        [(m.pk, m.user_id, m.branch_id) for m in members]
        + [(in_service.pk, in_service.user_id, None)]
    )
    kept = PartyMember.objects.get(pk=in_service.pk)
    assert (kept.reported_community_id, kept.work_unit, kept.is_in_service) == (
        community.pk,
        "禅城区税务局",
        True,
    )
    assert sorted(CoBuildingUnit.objects.values_list("pk", "name")) == sorted(
        (u.pk, u.name) for u in units
    )
    assert list(ResponsibilityTeam.objects.get(pk=team.pk).units.all()) == [
        CoBuildingUnit.objects.get(pk=units[0].pk)
    ]
    # New rows continue the old keys
    assert PartyBranch.objects.create(node_id=community.pk, name="新支部").pk > branches[-1].pk
