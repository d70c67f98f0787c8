"""Settings per place: inherited down the tree, never leaking to a sibling, cached and
invalidated on change, edited by the right staff only, with history."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from cases.place_settings import OFFICE_HOURS
from cases.worktime import WorkCalendar
from communities.models import Post
from communities.place_setting_specs import BRANDING
from communities.place_settings import (
    place_setting,
    place_setting_spec,
    place_setting_with_source,
)
from communities.services.place_settings import place_setting_clear, place_setting_set
from tests.communities.factories import appoint
from volunteers.models import TimeBankPolicy
from volunteers.place_settings import TIME_BANK, TimeBankPolicyForm
from volunteers.services import policy_get

pytestmark = pytest.mark.django_db

POLICY = {
    "storage_cap_hours": 1500,
    "star1_hours": 100,
    "star2_hours": 300,
    "star3_hours": 600,
    "star4_hours": 1000,
    "star5_hours": 1500,
    "points_per_hour": 0,
}


def _set(node, key, actor=None, **changes):
    base = dict(POLICY) if key == TIME_BANK else {}
    return place_setting_set(actor=actor, node=node, key=key, value={**base, **changes})


@pytest.fixture
def set_on_commit(django_capture_on_commit_callbacks):
    """Set a value and run the after-commit cache invalidation, as a real request would."""

    def setter(node, key, actor=None, **changes):
        with django_capture_on_commit_callbacks(execute=True):
            return _set(node, key, actor, **changes)

    return setter


def test_a_district_value_holds_below_and_a_street_override_does_not_leak(districts, set_on_commit):
    zumiao, shiwan = districts["zumiao"], districts["shiwan"]
    # given 禅城区 sets a cap of 800 hours and 石湾镇街道 its own 200
    set_on_commit(districts["chancheng"], TIME_BANK, storage_cap_hours=800)
    set_on_commit(shiwan["street"], TIME_BANK, storage_cap_hours=200)
    # then 石湾's community has 200, its sibling street 祖庙 keeps the district's 800
    assert policy_get(shiwan["石湾社区"]["community"]).storage_cap_hours == 200
    assert policy_get(zumiao["塔坡社区"]["community"]).storage_cap_hours == 800
    assert policy_get(zumiao["street"]).storage_cap_hours == 800
    # and another district keeps the deployment's row
    assert policy_get(districts["guicheng"]["street"]).storage_cap_hours == 1500
    assert policy_get().storage_cap_hours == 1500
    value, source = place_setting_with_source(shiwan["石湾社区"]["building"], TIME_BANK)
    assert (value["storage_cap_hours"], source) == (200, shiwan["street"].code)


def test_the_deployment_row_stays_the_default(districts):
    TimeBankPolicy.objects.update_or_create(pk=1, defaults={"storage_cap_hours": 42})
    assert policy_get(districts["zumiao"]["street"]).storage_cap_hours == 42


def test_reads_are_cached_and_a_change_invalidates_them(
    districts, set_on_commit, django_assert_num_queries, django_capture_on_commit_callbacks
):
    community = districts["zumiao"]["塔坡社区"]["community"]
    set_on_commit(districts["chancheng"], TIME_BANK, points_per_hour=5)
    assert place_setting(community, TIME_BANK)["points_per_hour"] == 5  # warms the cache
    with django_assert_num_queries(0):
        assert place_setting(community, TIME_BANK)["points_per_hour"] == 5
    # when the district changes it, the next read sees the new value
    set_on_commit(districts["chancheng"], TIME_BANK, points_per_hour=7)
    assert place_setting(community, TIME_BANK)["points_per_hour"] == 7
    # and clearing it falls back to the deployment default
    with django_capture_on_commit_callbacks(execute=True):
        place_setting_clear(actor=None, node=districts["chancheng"], key=TIME_BANK)
    assert place_setting(community, TIME_BANK)["points_per_hour"] == 0


def test_office_hours_of_a_street_count_its_working_time(districts, set_on_commit):
    set_on_commit(
        districts["shiwan"]["street"],
        OFFICE_HOURS,
        morning_start=datetime.time(9, 0),
        morning_end=datetime.time(12, 0),
        afternoon_start=datetime.time(13, 0),
        afternoon_end=datetime.time(16, 0),
    )
    shiwan = WorkCalendar.load(districts["shiwan"]["石湾社区"]["building"])
    zumiao = WorkCalendar.load(districts["zumiao"]["塔坡社区"]["building"])
    assert shiwan.hours_per_day == 6
    assert zumiao.hours_per_day == 7  # the default 8:30-12:00, 14:00-17:30


@pytest.mark.parametrize(
    "value",
    [
        {"star1_hours": 500},  # stars must increase
        {"storage_cap_hours": -1},
        {"storage_cap_hours": "many"},
    ],
)
def test_a_bad_value_is_refused_and_changes_nothing(districts, value):
    with pytest.raises(ValidationError):
        _set(districts["chancheng"], TIME_BANK, **value)
    assert place_setting(districts["zumiao"]["street"], TIME_BANK)["storage_cap_hours"] == 1500


def test_only_the_places_office_changes_its_settings(districts, district_staff):
    zumiao, shiwan = districts["zumiao"], districts["shiwan"]
    street_staff = appoint(Post.Kind.STREET_STAFF, zumiao["street"]).user
    community_staff = appoint(Post.Kind.COMMUNITY_STAFF, zumiao["塔坡社区"]["community"]).user
    secretary = appoint(Post.Kind.COMMUNITY_SECRETARY, zumiao["塔坡社区"]["community"]).user
    # the district's staff set the district and any street of it
    _set(districts["chancheng"], TIME_BANK, actor=district_staff)
    _set(shiwan["street"], TIME_BANK, actor=district_staff)
    # a street's staff set their street, not the sibling street nor the district
    _set(zumiao["street"], TIME_BANK, actor=street_staff)
    for node in (shiwan["street"], districts["chancheng"]):
        with pytest.raises(ValidationError):
            _set(node, TIME_BANK, actor=street_staff)
    # a community's secretary sets the community; its other staff set nothing
    _set(zumiao["塔坡社区"]["community"], TIME_BANK, actor=secretary)
    with pytest.raises(ValidationError):
        _set(zumiao["塔坡社区"]["community"], TIME_BANK, actor=community_staff)
    # below the community there is nothing to set
    with pytest.raises(ValidationError):
        _set(zumiao["塔坡社区"]["grid"], TIME_BANK, actor=district_staff)


def test_a_change_is_audited_with_the_old_and_new_value(districts, district_staff):
    _set(districts["chancheng"], TIME_BANK, actor=district_staff, storage_cap_hours=900)
    _set(districts["chancheng"], TIME_BANK, actor=district_staff, storage_cap_hours=950)
    entry = AuditEntry.objects.filter(action="communities.place_setting_set").latest("pk")
    assert entry.actor == district_staff
    assert entry.details["old"]["storage_cap_hours"] == 900
    assert entry.details["new"]["storage_cap_hours"] == 950


def test_the_settings_page_edits_a_place_and_shows_its_history(
    client, districts, district_staff, django_capture_on_commit_callbacks
):
    shiwan = districts["shiwan"]["street"]
    client.force_login(district_staff)
    listing = client.get("/community/settings/")
    assert listing.status_code == 200
    assert shiwan in listing.context["places"]
    assert districts["guicheng"]["street"] not in listing.context["places"]
    page = client.get(f"/community/settings/{shiwan.pk}/")
    assert page.status_code == 200
    prefix = TIME_BANK.replace(".", "-")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/community/settings/{shiwan.pk}/{TIME_BANK}/",
            {f"{prefix}-{name}": value for name, value in {**POLICY, "points_per_hour": 3}.items()},
        )
    assert response.status_code == 302
    assert policy_get(shiwan).points_per_hour == 3
    page = client.get(f"/community/settings/{shiwan.pk}/")
    [row] = [r for r in page.context["rows"] if r["spec"].key == TIME_BANK]
    assert row["own"]
    [line] = page.context["history"]
    # the history reads as the form does: the setting's and fields' labels, not stored JSON
    assert line["label"] == place_setting_spec(TIME_BANK).label and line["old"] == []
    points_label = TimeBankPolicyForm.base_fields["points_per_hour"].label
    assert (points_label, "3") in line["new"]
    assert "'points_per_hour'" not in page.content.decode()
    # a malformed value is a message, not a 500, and changes nothing
    response = client.post(
        f"/community/settings/{shiwan.pk}/{TIME_BANK}/", {f"{prefix}-star1_hours": "x"}
    )
    assert response.status_code == 302 and policy_get(shiwan).points_per_hour == 3
    assert client.post(f"/community/settings/{shiwan.pk}/nope/").status_code == 404


def test_the_settings_pages_are_404_outside_the_scope_and_role(client, districts, district_staff):
    other = districts["guicheng"]["street"]
    client.force_login(district_staff)
    assert client.get(f"/community/settings/{other.pk}/").status_code == 404
    assert client.post(f"/community/settings/{other.pk}/{TIME_BANK}/", POLICY).status_code == 404
    grid_worker = appoint(Post.Kind.GRID_WORKER, districts["zumiao"]["塔坡社区"]["grid"]).user
    client.force_login(grid_worker)
    assert client.get("/community/settings/").status_code == 404
    community = districts["zumiao"]["塔坡社区"]["community"]
    assert client.get(f"/community/settings/{community.pk}/").status_code == 404


def test_the_admin_header_names_the_users_place(client, districts, district_staff, set_on_commit):
    set_on_commit(districts["chancheng"], BRANDING, name="禅城区共治")
    client.force_login(district_staff)
    assert "禅城区共治" in client.get("/admin/").content.decode()
