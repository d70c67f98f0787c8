"""Scoping in the admin: changelists, object pages, foreign-key choices and exports."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities import services
from communities.models import (
    Allowance,
    DailyReport,
    EvaluationRound,
    Household,
    Node,
    PatrolLog,
    Post,
    Residency,
)
from party.models import CoBuildingUnit, PartyBranch, PartyMember
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _objects_for(side):
    """One object of every scoped model inside the given community's subtree."""
    captain = Post.objects.get(node=side["building"], kind="building_captain")
    residency = Residency.objects.create(
        user=UserFactory(), household=side["households"][0], relation="head", status="approved"
    )
    branch = PartyBranch.objects.create(node=side["compound"], name="党支部")
    return {
        Node: side["building"],
        Household: side["households"][0],
        Residency: residency,
        Post: captain,
        PartyBranch: branch,
        PartyMember: PartyMember.objects.create(user=UserFactory(), branch=branch),
        CoBuildingUnit: CoBuildingUnit.objects.create(
            community=side["community"], kind="company", name="供电局"
        ),
        PatrolLog: PatrolLog.objects.create(
            captain=captain.user, building=side["building"], date=datetime.date(2026, 1, 5)
        ),
        DailyReport: DailyReport.objects.create(
            captain=captain.user,
            node=side["building"],
            date=datetime.date(2026, 1, 5),
            summary="正常",
        ),
        EvaluationRound: EvaluationRound.objects.create(
            node=side["community"],
            kind="excellent_captain",
            title="优秀楼栋长",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            criteria="巡查",
        ),
        Allowance: Allowance.objects.create(
            post=captain, captain=captain.user, month=datetime.date(2026, 1, 1), amount=150
        ),
    }


@pytest.fixture
def both_sides(tapo, baoan, tapo_captain, baoan_captain):
    return _objects_for(tapo), _objects_for(baoan)


SCOPED_MODELS = [
    Node,
    Household,
    Residency,
    Post,
    PatrolLog,
    DailyReport,
    EvaluationRound,
    Allowance,
]


def _url(model, suffix=""):
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{suffix}"


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_community_staff_see_only_their_community_in_the_admin(
    client, both_sides, tapo_staff, model
):
    mine, theirs = both_sides
    client.force_login(tapo_staff)
    # the changelist lists their object, never the other community's
    response = client.get(_url(model), {"q": ""})
    assert response.status_code == 200
    shown = set(response.context["cl"].queryset.values_list("pk", flat=True))
    assert mine[model].pk in shown
    assert theirs[model].pk not in shown
    # their object opens; the other community's object is a 404
    assert client.get(_url(model, f"{mine[model].pk}/change/")).status_code == 200
    assert client.get(_url(model, f"{theirs[model].pk}/change/")).status_code == 404
    assert client.get(_url(model, f"{theirs[model].pk}/delete/")).status_code in {403, 404}


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_foreign_key_choices_never_list_places_outside_the_scope(
    rf, both_sides, tapo, tapo_staff, model
):
    request = rf.get("/")
    request.user = tapo_staff
    model_admin = site._registry[model]
    form = model_admin.get_form(request)()
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None or queryset.model not in {Node, Household, Post, PartyBranch}:
            continue
        paths = (
            [n.path for n in queryset]
            if queryset.model is Node
            else [o.node.path for o in queryset.select_related("node")]
        )
        assert paths, name
        assert all(p.startswith(tapo["community"].path) for p in paths), name


def test_posting_a_place_outside_the_scope_is_refused(client, tapo, baoan, tapo_staff):
    client.force_login(tapo_staff)
    response = client.post(_url(Household, "add/"), {"node": baoan["building"].pk, "room": "999"})
    assert response.status_code == 200  # the form comes back with an error
    assert not Household.objects.filter(room="999").exists()
    response = client.post(_url(Household, "add/"), {"node": tapo["building"].pk, "room": "999"})
    assert response.status_code == 302
    assert Household.objects.filter(room="999").exists()


def test_node_autocomplete_is_scoped(client, tapo, baoan, tapo_staff):
    client.force_login(tapo_staff)
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": "5栋",
            "app_label": "communities",
            "model_name": "household",
            "field_name": "node",
        },
    )
    ids = {int(r["id"]) for r in response.json()["results"]}
    assert tapo["building"].pk in ids
    assert baoan["building"].pk not in ids


def test_staff_cannot_create_a_top_level_place(client, tapo_staff):
    client.force_login(tapo_staff)
    response = client.post(
        _url(Node, "add/"), {"kind": "street", "name": "假街道", "code": "440604999"}
    )
    assert response.status_code == 200
    assert not Node.objects.filter(code="440604999").exists()


def test_an_admin_appointment_goes_through_the_service_and_is_audited(client, tapo, tapo_staff):
    from audit.models import AuditEntry

    client.force_login(tapo_staff)
    holder = UserFactory()
    response = client.post(
        _url(Post, "add/"),
        {
            "kind": "grid_worker",
            "user": holder.pk,
            "node": tapo["grid"].pk,
            "starts_on": "2026-01-01",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Post.objects.filter(user=holder, kind="grid_worker").exists()
    assert AuditEntry.objects.filter(action="communities.post_appoint", actor=tapo_staff).exists()


def test_the_residents_export_is_scoped_and_has_chinese_headers(client, both_sides, tapo_staff):
    mine, theirs = both_sides
    client.force_login(tapo_staff)
    response = client.post(
        _url(Residency, "export/"),
        {
            "format": "0",
            "resource": "0",
            **{
                f"residentresource_{f}": "on"
                for f in [
                    "name",
                    "phone",
                    "building_code",
                    "unit",
                    "room",
                    "relation",
                    "is_owner",
                    "residence_type",
                    "status",
                ]
            },
        },
    )
    assert response.status_code == 200, response.content[:500]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("姓名", "手机号", "楼栋编码")
    phones = {row[1] for row in rows[1:]}
    assert mine[Residency].user.phone in phones  # staff managing residents see the full number
    assert theirs[Residency].user.phone not in phones


def test_the_allowances_export_is_excel(client, both_sides, tapo_staff):
    client.force_login(tapo_staff)
    response = client.post(
        _url(Allowance, "export/"),
        {
            "format": "0",
            "resource": "0",
            **{
                f"allowanceresource_{f}": "on"
                for f in [
                    "month",
                    "captain",
                    "post",
                    "place",
                    "amount",
                    "paid",
                ]
            },
        },
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0] == ("月份", "姓名", "职务", "负责地点", "金额(元)", "是否发放")
    assert len(rows) == 2


def test_the_residents_changelist_keeps_a_flat_query_count(client, tapo, tapo_staff):
    client.force_login(tapo_staff)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(Residency)).status_code == 200
        return len(ctx.captured_queries)

    Residency.objects.create(user=UserFactory(), household=tapo["households"][0], relation="head")
    count()
    few = count()
    for household in tapo["households"][1:]:
        Residency.objects.create(user=UserFactory(), household=household, relation="head")
    assert count() == few


def test_the_admin_approve_action_notifies(client, tapo, tapo_staff):
    from notifications.models import Message

    claim = services.household_claim(
        user=UserFactory(), household=tapo["households"][0], relation="head"
    )
    client.force_login(tapo_staff)
    client.post(_url(Residency), {"action": "approve", "_selected_action": [claim.pk]})
    claim.refresh_from_db()
    assert claim.status == "approved"
    assert Message.objects.filter(recipient=claim.user).exists()


def test_a_resident_without_posts_sees_no_communities_admin(client, tapo):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    assert client.get(_url(Household)).status_code == 403


def test_the_residents_search_finds_by_phone_room_and_name_start(client, tapo, tapo_staff):
    resident = UserFactory(real_name="欧阳晓明", phone="13712345678")
    Residency.objects.create(
        user=resident, household=tapo["households"][3], relation="head", status="approved"
    )
    Residency.objects.create(
        user=UserFactory(real_name="李四"), household=tapo["households"][0], relation="head"
    )
    client.force_login(tapo_staff)
    for term in ["13712345678", tapo["households"][3].room, "欧阳"]:
        response = client.get(_url(Residency), {"q": term})
        found = list(response.context["cl"].queryset)
        assert [r.user for r in found if r.household == tapo["households"][3]] == [resident], term


RESIDENT_FIELDS = [
    "name",
    "phone",
    "building_code",
    "unit",
    "room",
    "relation",
    "is_owner",
    "residence_type",
    "status",
]


@pytest.mark.parametrize("file_format", ["0", "1"])  # XLSX, CSV
def test_the_residents_export_carries_no_formula_and_is_audited(
    client, both_sides, tapo_staff, file_format
):
    from audit.models import AuditEntry

    mine, _theirs = both_sides
    resident = mine[Residency].user
    resident.real_name = '=HYPERLINK("http://evil.example","点此")'
    resident.save(update_fields=["real_name"])
    client.force_login(tapo_staff)
    response = client.post(
        _url(Residency, "export/"),
        {
            "format": file_format,
            "resource": "0",
            **{f"residentresource_{f}": "on" for f in RESIDENT_FIELDS},
        },
    )
    assert response.status_code == 200
    if file_format == "0":
        rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
        names = {row[0] for row in rows[1:]}
    else:
        import csv

        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        names = {row[0] for row in rows[1:]}
    assert "'" + resident.real_name in names
    assert resident.real_name not in names
    entry = AuditEntry.objects.get(action="export.residents")
    assert entry.actor == tapo_staff
    assert entry.details == {"rows": len(rows) - 1, "phones": "full"}


@pytest.mark.parametrize(
    "model", [Household, Residency, PatrolLog, CoBuildingUnit], ids=lambda m: m.__name__
)
def test_an_admin_deletion_leaves_an_audit_entry(client, both_sides, tapo_staff, model):
    from audit.models import AuditEntry

    mine, _theirs = both_sides
    obj = mine[model]
    client.force_login(tapo_staff)
    response = client.post(_url(model, f"{obj.pk}/delete/"), {"post": "yes"})
    assert response.status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()
    opts = model._meta
    entry = AuditEntry.objects.get(action=f"{opts.app_label}.admin_delete_{opts.model_name}")
    assert entry.actor == tapo_staff
    assert entry.target_id == str(obj.pk)
    assert entry.scope_path.startswith(mine[Node].root_code[:6])
    assert entry.ip_address == "127.0.0.1"


def test_deleting_selected_rows_audits_each_row(client, both_sides, tapo_staff):
    from audit.models import AuditEntry

    mine, _theirs = both_sides
    second = Residency.objects.create(
        user=UserFactory(), household=mine[Household], relation="member", status="approved"
    )
    client.force_login(tapo_staff)
    response = client.post(
        _url(Residency),
        {
            "action": "delete_selected",
            "_selected_action": [mine[Residency].pk, second.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    deleted = AuditEntry.objects.filter(action="communities.admin_delete_residency")
    assert sorted(deleted.values_list("target_id", flat=True)) == sorted(
        [str(mine[Residency].pk), str(second.pk)]
    )
