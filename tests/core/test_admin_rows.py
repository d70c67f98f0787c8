"""Scoped changelists render their rows from a plan made once per page (core.admin_rows): the
rows are Django's own HTML, cell for cell, whatever the columns hold (choices, booleans, dates,
amounts, relations, an empty value, names to escape) and whatever the page's filters and order."""

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib import admin

from communities.models import Allowance, PatrolLog, Post, Residency
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory, appoint

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _rows(client, url, params=None) -> str:
    response = client.get(url, params or {}, secure=True)
    assert response.status_code == 200
    page = response.content.decode()
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return re.sub(r">\s+<", "><", body)


def _as_django_renders(monkeypatch, model) -> None:
    """The model's changelist rendered by Django's own template (its own row code)."""
    model_admin = admin.site._registry[model]
    if hasattr(model_admin, "ie_base_change_list_template"):  # import-export's base template
        monkeypatch.setattr(model_admin, "ie_base_change_list_template", "admin/change_list.html")
    else:
        monkeypatch.setattr(model_admin, "change_list_template", None)


def _same_rows(client, monkeypatch, model, params_list) -> list[str]:
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    lean = [_rows(client, url, params) for params in params_list]
    with monkeypatch.context() as patched:
        _as_django_renders(patched, model)
        plain = [_rows(client, url, params) for params in params_list]
    assert lean == plain
    return lean


def test_the_residents_list_rows_are_djangos_own(client, tapo, street_staff, monkeypatch):
    # given residents of every kind of row: an owner and not, an invited one (named by the
    # label, not the account), a name that needs escaping
    households = tapo["households"]
    ResidencyFactory(household=households[0], is_owner=True)
    ResidencyFactory(household=households[1], user=UserFactory(real_name="<b>李</b>&四"))
    ResidencyFactory(
        household=households[2], status=Residency.Status.INVITED, relation=Residency.Relation.TENANT
    )
    client.force_login(street_staff)
    # when the list is shown plain, filtered (the links keep the filter) and sorted
    rows = _same_rows(
        client,
        monkeypatch,
        Residency,
        [{}, {"status__exact": "approved"}, {"o": "-2.3"}, {"is_owner__exact": "1"}],
    )
    # then (and the rows are there, linked with the filters kept)
    assert rows[0].count("<tr>") == 3
    assert "&lt;b&gt;李&lt;/b&gt;&amp;四" in rows[0]
    assert "_changelist_filters=status__exact%3Dapproved" in rows[1]


def test_the_staff_list_rows_are_djangos_own(client, tree, tapo, monkeypatch):
    staff = appoint(Post.Kind.STREET_STAFF, tree["street"])
    captain = appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"])
    captain.ends_on = datetime.date(2026, 3, 31)
    captain.save(update_fields=["ends_on"])
    client.force_login(staff.user)
    rows = _same_rows(client, monkeypatch, Post, [{}, {"kind__exact": "building_captain"}])
    assert rows[0].count("<tr>") == 2


def test_dates_amounts_booleans_and_empty_values_render_as_django_does(
    client, tapo, street_staff, monkeypatch
):
    community = tapo
    post = appoint(Post.Kind.BUILDING_CAPTAIN, community["building"])
    Allowance.objects.create(
        post=post, captain=post.user, month=datetime.date(2026, 2, 1), amount=Decimal("1234.50")
    )
    Allowance.objects.create(
        post=post,
        captain=post.user,
        month=datetime.date(2026, 1, 1),
        amount=Decimal("0"),
        paid=True,
        paid_at=NOW,
    )
    PatrolLog.objects.create(
        captain=post.user, building=community["building"], date=NOW.date(), has_problem=True
    )
    PatrolLog.objects.create(
        captain=post.user, building=community["building"], date=datetime.date(2026, 3, 9)
    )
    client.force_login(street_staff)
    allowances = _same_rows(client, monkeypatch, Allowance, [{}, {"paid__exact": "1"}])
    patrols = _same_rows(client, monkeypatch, PatrolLog, [{}, {"has_problem__exact": "0"}])
    assert allowances[0].count("<tr>") == 2 and patrols[0].count("<tr>") == 2
    assert "icon-yes.svg" in allowances[0] and "icon-no.svg" in allowances[0]


def _with_unusual_columns():
    """The residents admin with a column of each kind Django's rows know."""
    from communities.admin import ResidencyAdmin

    def initial(residency):
        return residency.user.real_name[:1]

    class Columns(ResidencyAdmin):
        list_display = [
            "id",
            "__str__",
            "household__room",
            "resident_label",
            "claimed_on",
            "claimed_at",
            "owner_flag",
            "nothing",
            "blank",
            initial,
            lambda residency: "<i>",
            "user",
            "decided_at",
        ]
        list_display_links = ["resident_label", "claimed_on"]

        @admin.display(description="claimed on")
        def claimed_on(self, residency):
            return residency.created_at.date()

        def claimed_at(self, residency):
            return residency.created_at

        @admin.display(boolean=True)
        def owner_flag(self, residency):
            return residency.is_owner

        @admin.display(empty_value="(none)")
        def nothing(self, residency):
            return None

        def blank(self, residency):
            return "   "

    return Columns(Residency, admin.site)


def test_every_kind_of_column_renders_as_django_does(rf, tapo, street_staff):
    from django.contrib.admin.templatetags.admin_list import results

    from core.admin_rows import lean_results

    ResidencyFactory(household=tapo["households"][0], is_owner=True)
    ResidencyFactory(household=tapo["households"][1], status=Residency.Status.INVITED)
    model_admin = _with_unusual_columns()
    for query, count in (({}, 2), ({"status__exact": "approved"}, 1)):
        request = rf.get("/admin/communities/residency/", query, secure=True)
        request.user = street_staff
        cl = model_admin.get_changelist_instance(request)
        cl.formset = None  # as changelist_view sets it for a list that is not editable
        lean = ["".join(row) for row in lean_results(cl)]
        plain = ["".join(row) for row in results(cl)]
        assert lean == plain and len(lean) == count
    row = lean[0]
    assert '<td class="field-claimed_on nowrap"><a href="/admin/' in row  # a linked date
    assert "(none)" in row and "&lt;i&gt;" in row and "icon-yes.svg" in row
