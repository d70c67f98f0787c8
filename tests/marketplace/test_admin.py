"""The admin: scoped to the staff member's street or community; reviews through the services."""

import pytest
from django.urls import reverse

from communities.models import Post
from marketplace.models import Merchant
from tests.communities.factories import appoint, make_tree
from tests.marketplace.factories import make_merchant, make_offer

pytestmark = pytest.mark.django_db


def _staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    from django.contrib.auth.models import Permission

    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="marketplace"))
    return user


def test_street_staff_approve_a_shop_with_the_admin_action(client, tapo, street_staff):
    shop = make_merchant(tapo, approved=False)
    client.force_login(_staff(street_staff))
    response = client.post(
        reverse("admin:marketplace_merchant_changelist"),
        {"action": "approve", "_selected_action": [shop.pk]},
    )
    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.status == Merchant.Status.APPROVED


def test_staff_of_another_street_see_nothing_and_get_404(client, tapo, street):
    shop = make_merchant(tapo, name="塔坡茶餐厅")
    offer = make_offer(shop, node=street)
    other = make_tree(street_code="440604009", community_names=("石湾社区",))
    outsider = _staff(appoint(Post.Kind.STREET_STAFF, other["street"]).user)
    client.force_login(outsider)
    listing = client.get(reverse("admin:marketplace_merchant_changelist"))
    assert "塔坡茶餐厅" not in listing.content.decode()
    assert (
        client.get(reverse("admin:marketplace_merchant_change", args=[shop.pk])).status_code == 404
    )
    assert client.get(reverse("admin:marketplace_offer_change", args=[offer.pk])).status_code == 404


def test_community_staff_see_their_community_but_cannot_approve(client, tapo, baoan):
    mine = make_merchant(tapo, name="塔坡的店", approved=False)
    make_merchant(baoan, name="保安的店", approved=False)
    secretary = _staff(appoint(Post.Kind.COMMUNITY_SECRETARY, tapo).user)
    client.force_login(secretary)
    listing = client.get(reverse("admin:marketplace_merchant_changelist")).content.decode()
    assert "塔坡的店" in listing and "保安的店" not in listing
    client.post(
        reverse("admin:marketplace_merchant_changelist"),
        {"action": "approve", "_selected_action": [mine.pk]},
    )
    mine.refresh_from_db()
    assert mine.status == Merchant.Status.PENDING
