"""Providers: registered by the staff of their place, staffed with their own log-ins, and
scoped to the places they serve."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.http import Http404

from accounts.roles import Role, user_roles
from audit.models import AuditEntry
from bookings import services
from bookings.models import Provider, ProviderStaff
from bookings.selectors.providers import (
    provider_get_for_staff,
    provider_serves,
    providers_for_staff,
    providers_serving,
    user_is_provider_staff,
)
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_community_staff_register_a_canteen_serving_their_community(canteen, tapo, tapo_staff):
    assert canteen.kind == Provider.Kind.CANTEEN
    assert list(canteen.places.all()) == [tapo["community"]]
    entry = AuditEntry.objects.get(action="bookings.provider_create")
    assert entry.actor == tapo_staff and entry.scope_path == tapo["community"].path


def test_another_communitys_staff_cannot_register_a_provider_here(tapo, baoan_staff):
    with pytest.raises(ValidationError) as refusal:
        services.provider_create(
            actor=baoan_staff,
            name="外来诊所",
            kind=Provider.Kind.CLINIC,
            node=tapo["community"],
            places=[tapo["community"]],
        )
    assert refusal.value.code == "not_allowed"


def test_a_provider_cannot_serve_a_place_outside_its_own(tree, tapo, tapo_staff):
    with pytest.raises(ValidationError) as refusal:
        services.provider_create(
            actor=tapo_staff,
            name="越界饭堂",
            kind=Provider.Kind.CANTEEN,
            node=tapo["community"],
            places=[tree["保安社区"]["community"]],
        )
    assert refusal.value.code == "place_outside"


def test_the_served_places_scope_the_provider(canteen, tree, tapo):
    assert provider_serves(canteen, tapo["households"][0].node)
    assert not provider_serves(canteen, tree["保安社区"]["building"])
    assert providers_serving(tapo["units"][0], kind=Provider.Kind.CANTEEN) == [canteen]
    assert providers_serving(tree["保安社区"]["units"][0]) == []


def test_staff_get_a_log_in_role_and_see_only_their_provider(canteen, tapo_staff):
    cook, outsider = UserFactory(), UserFactory()
    services.provider_staff_add(actor=tapo_staff, provider=canteen, user=cook, is_manager=True)
    assert user_is_provider_staff(cook) and Role.PROVIDER in user_roles(cook)
    assert provider_get_for_staff(user=cook, pk=canteen.pk) == canteen
    with pytest.raises(Http404):
        provider_get_for_staff(user=outsider, pk=canteen.pk)
    # The manager adds a colleague; the colleague (not a manager) cannot add anyone.
    helper = UserFactory()
    services.provider_staff_add(actor=cook, provider=canteen, user=helper)
    with pytest.raises(ValidationError):
        services.provider_staff_add(actor=helper, provider=canteen, user=outsider)


def test_an_inactive_provider_gives_its_staff_no_role(canteen, tapo_staff):
    cook = UserFactory()
    services.provider_staff_add(actor=tapo_staff, provider=canteen, user=cook)
    services.provider_update(actor=tapo_staff, provider=canteen, is_active=False)
    assert not user_is_provider_staff(cook)
    with pytest.raises(Http404):
        provider_get_for_staff(user=cook, pk=canteen.pk)


def test_removing_a_staff_member_is_audited(canteen, tapo_staff):
    cook = UserFactory()
    member = services.provider_staff_add(actor=tapo_staff, provider=canteen, user=cook)
    services.provider_staff_remove(actor=tapo_staff, member=member)
    assert not ProviderStaff.objects.exists() and not user_is_provider_staff(cook)
    assert AuditEntry.objects.filter(action="bookings.provider_staff_remove").count() == 1


def test_staff_lists_and_the_admin_are_scoped(client, canteen, tree, baoan_staff):
    assert list(providers_for_staff(user=baoan_staff)) == []
    baoan_staff.is_staff = True
    baoan_staff.save(update_fields=["is_staff"])
    baoan_staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="bookings"))
    client.force_login(baoan_staff)
    listing = client.get("/admin/bookings/provider/")
    assert listing.status_code == 200 and "塔坡长者饭堂" not in listing.text
    assert client.get(f"/admin/bookings/provider/{canteen.pk}/change/").status_code in (302, 404)


def test_the_admin_registers_a_provider_through_the_service(client, tapo, tapo_staff):
    tapo_staff.is_staff = True
    tapo_staff.save(update_fields=["is_staff"])
    tapo_staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="bookings"))
    client.force_login(tapo_staff)
    response = client.post(
        "/admin/bookings/provider/add/",
        {
            "name": "塔坡家政",
            "kind": Provider.Kind.HOME_SERVICE,
            "node": tapo["community"].pk,
            "places": [tapo["grid"].pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    provider = Provider.objects.get(name="塔坡家政")
    assert list(provider.places.all()) == [tapo["grid"]]
    assert AuditEntry.objects.filter(action="bookings.provider_create").exists()
