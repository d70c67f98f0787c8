"""A provider's staff managed without the admin: its manager (or the staff looking after its
place) adds a staff member by mobile number and removes one, on the page and through the API,
audited; a plain staff member, another provider and another community are refused."""

import pytest

from audit.models import AuditEntry
from bookings import services
from bookings.models import ProviderStaff
from bookings.selectors.providers import user_is_provider_staff
from tests.accounts.factories import UserFactory
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db

API = "/api/v1/bookings"


@pytest.fixture
def manager(home_service, tapo_staff):
    user = UserFactory(phone="13900000001")
    services.provider_staff_add(actor=tapo_staff, provider=home_service, user=user, is_manager=True)
    return user


@pytest.fixture
def newcomer():
    return UserFactory(phone="13900000002", real_name="林小梅")


def test_the_manager_adds_and_removes_staff_on_the_page(client, manager, home_service, newcomer):
    # given
    client.force_login(manager)
    home = client.get("/bookings/provider/")
    assert f"/bookings/provider/{home_service.pk}/staff/" in home.text
    # when
    added = client.post(f"/bookings/provider/{home_service.pk}/staff/", {"phone": "139-0000-0002"})
    # then
    assert added.status_code == 302
    member = ProviderStaff.objects.get(provider=home_service, user=newcomer)
    assert member.is_manager is False and user_is_provider_staff(newcomer)
    page = client.get(f"/bookings/provider/{home_service.pk}/staff/")
    assert page.status_code == 200 and "林小梅" in page.text and "139****0002" in page.text
    removed = client.post(f"/bookings/provider/staff/{member.pk}/remove/")
    assert removed.status_code == 302
    assert not ProviderStaff.objects.filter(user=newcomer).exists()
    assert not user_is_provider_staff(newcomer)
    actions = list(
        AuditEntry.objects.filter(action__startswith="bookings.provider_staff").values_list(
            "action", flat=True
        )
    )
    assert actions.count("bookings.provider_staff_remove") == 1


@pytest.mark.parametrize(
    ("phone", "message"),
    [("12345", "11位"), ("13700000000", "没有使用这个手机号的账号"), ("", "必填")],
)
def test_a_bad_number_is_refused_on_the_form(client, manager, home_service, phone, message):
    client.force_login(manager)
    response = client.post(f"/bookings/provider/{home_service.pk}/staff/", {"phone": phone})
    assert response.status_code == 400 and message in response.text
    assert ProviderStaff.objects.count() == 1  # the manager alone: no one added


def test_a_manager_cannot_remove_themselves(client, manager, home_service):
    client.force_login(manager)
    member = ProviderStaff.objects.get(user=manager)
    client.post(f"/bookings/provider/staff/{member.pk}/remove/")
    assert ProviderStaff.objects.filter(pk=member.pk).exists()


def test_staff_over_the_place_reach_the_page_from_their_report(
    client, street_staff, home_service, newcomer
):
    client.force_login(street_staff)
    report = client.get("/bookings/services/report/")
    assert f"/bookings/provider/{home_service.pk}/staff/" in report.text
    response = client.post(
        f"/bookings/provider/{home_service.pk}/staff/",
        {"phone": "13900000002", "is_manager": "on"},
    )
    assert response.status_code == 302
    assert ProviderStaff.objects.get(user=newcomer).is_manager


def test_plain_staff_other_providers_and_communities_are_refused(
    client, clerk, barber, baoan_staff, home_service, manager, newcomer
):
    member = ProviderStaff.objects.get(user=manager)
    for outsider in (clerk, barber, baoan_staff, newcomer):
        client.force_login(outsider)
        assert client.get(f"/bookings/provider/{home_service.pk}/staff/").status_code == 404
        response = client.post(
            f"/bookings/provider/{home_service.pk}/staff/", {"phone": "13900000002"}
        )
        assert response.status_code == 404
        assert client.post(f"/bookings/provider/staff/{member.pk}/remove/").status_code == 404
    client.force_login(clerk)
    assert (
        f"/bookings/provider/{home_service.pk}/staff/" not in client.get("/bookings/provider/").text
    )
    assert ProviderStaff.objects.filter(provider=home_service).count() == 2


def test_the_api_lists_adds_and_removes_staff(api_client, manager, home_service, newcomer):
    api_client.force_authenticate(manager)
    url = f"{API}/providers/{home_service.pk}/staff/"
    added = api_client.post(url, {"phone": "13900000002", "is_manager": False}, format="json")
    assert added.status_code == 201, added.json()
    assert (added.json()["name"], added.json()["phone"]) == ("林小梅", "139****0002")
    listed = api_client.get(url).json()["results"]
    assert [row["is_manager"] for row in listed] == [True, False]
    removed = api_client.delete(f"{API}/provider-staff/{added.json()['id']}/")
    assert removed.status_code == 204
    assert not ProviderStaff.objects.filter(user=newcomer).exists()
    own = ProviderStaff.objects.get(user=manager)
    response = api_client.delete(f"{API}/provider-staff/{own.pk}/")
    assert response.status_code == 400 and response.json()["code"] == "self"


@pytest.mark.parametrize(
    ("posted", "code"),
    [
        ({"phone": "12345"}, "invalid_phone"),
        ({"phone": "13700000000"}, "no_user"),
        ({"phone": ""}, "invalid"),
        ({"phone": "13900000002", "is_manager": "maybe"}, "invalid"),
    ],
)
def test_the_api_refuses_bad_numbers_in_chinese(
    api_client, manager, home_service, newcomer, posted, code
):
    api_client.force_authenticate(manager)
    response = api_client.post(f"{API}/providers/{home_service.pk}/staff/", posted, format="json")
    assert response.status_code == 400 and response.json()["code"] == code
    assert not any(char.isascii() and char.isalpha() for char in response.json()["detail"])
    assert not ProviderStaff.objects.filter(user=newcomer).exists()


def test_the_api_refuses_others(
    api_client, clerk, barber, baoan_staff, home_service, manager, newcomer
):
    member = ProviderStaff.objects.get(user=clerk)
    for outsider in (clerk, barber, baoan_staff, newcomer):
        api_client.force_authenticate(outsider)
        url = f"{API}/providers/{home_service.pk}/staff/"
        assert api_client.get(url).status_code == 404
        assert api_client.post(url, {"phone": "13900000002"}, format="json").status_code == 404
        assert api_client.delete(f"{API}/provider-staff/{member.pk}/").status_code == 404
    assert ProviderStaff.objects.filter(provider=home_service).count() == 2


def test_staff_lists_stay_flat(client, api_client, manager, home_service, tapo_staff):
    def grow(count):
        for _index in range(count):
            services.provider_staff_add(actor=tapo_staff, provider=home_service, user=UserFactory())

    grow(1)
    client.force_login(manager)
    assert_flat(client, f"/bookings/provider/{home_service.pk}/staff/", lambda: grow(2))
    api_client.force_authenticate(manager)
    assert_flat(api_client, f"{API}/providers/{home_service.pk}/staff/", lambda: grow(2))
