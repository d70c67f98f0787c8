"""Delivering meals: volunteers on the delivery shift or the canteen's staff mark each home;
nobody at home tells the building's captain."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from bookings import services
from bookings.models import MealOrder
from communities.models import Post
from notifications.models import Message
from tests.bookings.conftest import TZ
from tests.communities.factories import appoint
from tests.volunteers import factories as volunteer_factories
from volunteers.services import shift_signup

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery_shift(tapo, lunch):
    team, _leader = volunteer_factories.team_with_leader(tapo["community"], name="助餐送餐队")
    project = volunteer_factories.project(team, title="长者饭堂送餐")
    shift = volunteer_factories.shift(project, starts_in=datetime.timedelta(days=1, hours=3))
    lunch.delivery_shift = shift
    lunch.save(update_fields=["delivery_shift"])
    return shift


@pytest.fixture
def order(lunch, father, daughter):
    return services.meal_order_place(actor=daughter, elder=father, menu=lunch, mode="delivery")


def test_a_volunteer_on_the_shift_delivers_and_is_checked_in(
    time_machine, tapo, delivery_shift, order
):
    rider = volunteer_factories.volunteer(tapo["community"])
    shift_signup(user=rider, shift=delivery_shift)
    time_machine.move_to(datetime.datetime(2026, 3, 3, 11, 30, tzinfo=TZ), tick=False)
    services.meal_delivery_mark(actor=rider, order=order, delivered=True)
    order.refresh_from_db()
    assert order.status == MealOrder.Status.DELIVERED and order.handled_by == rider
    signup = delivery_shift.signups.get(user=rider)
    assert signup.checked_in_at is not None
    # Ending the round turns the time into an hour record for the leader to verify.
    time_machine.move_to(datetime.datetime(2026, 3, 3, 12, 30, tzinfo=TZ), tick=False)
    record = services.delivery_round_finish(actor=rider, menu=order.menu)
    assert record.minutes_claimed == 60 and record.status == "pending"


def test_a_volunteer_without_a_place_on_the_shift_is_refused(tapo, delivery_shift, order):
    stranger = volunteer_factories.volunteer(tapo["community"])
    with pytest.raises(ValidationError) as refusal:
        services.meal_delivery_mark(actor=stranger, order=order, delivered=True)
    assert refusal.value.code == "not_allowed"


def test_nobody_at_home_tells_the_buildings_captain_once(tapo, tapo_staff, order):
    captain = appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user
    cook = volunteer_factories.volunteer(tapo["community"])
    services.provider_staff_add(actor=tapo_staff, provider=order.menu.provider, user=cook)
    services.meal_delivery_mark(actor=cook, order=order, delivered=False)
    services.meal_delivery_mark(actor=cook, order=order, delivered=False)
    order.refresh_from_db()
    assert order.status == MealOrder.Status.NOT_HOME
    told = Message.objects.filter(recipient=captain)
    assert told.count() == 1 and "5栋" in told.get().title
    # A later visit finds him in.
    services.meal_delivery_mark(actor=cook, order=order, delivered=True)
    order.refresh_from_db()
    assert order.status == MealOrder.Status.DELIVERED


def test_the_counter_links_a_menu_to_a_delivery_shift_of_its_places(client, tree, tapo, canteen):
    from tests.accounts.factories import UserFactory

    team, _leader = volunteer_factories.team_with_leader(tapo["community"], name="助餐送餐队")
    ours = volunteer_factories.shift(volunteer_factories.project(team, title="饭堂送餐"))
    other_team, _ = volunteer_factories.team_with_leader(tree["保安社区"]["community"])
    theirs = volunteer_factories.shift(volunteer_factories.project(other_team, title="保安送餐"))
    cook = UserFactory()
    services.provider_staff_add(actor=canteen.created_by, provider=canteen, user=cook)
    client.force_login(cook)
    form = {"day": "2026-03-05", "meal": "lunch", "dishes": "蒸排骨", "price": "12"}
    page = client.get("/bookings/canteen/counter/")
    assert "饭堂送餐" in page.text and "保安送餐" not in page.text
    refused = client.post(
        "/bookings/canteen/counter/", {**form, "capacity": "80", "delivery_shift": theirs.pk}
    )
    assert refused.status_code == 200 and not canteen.menus.exists()
    client.post("/bookings/canteen/counter/", {**form, "capacity": "80", "delivery_shift": ours.pk})
    assert canteen.menus.get().delivery_shift == ours
    with pytest.raises(ValidationError) as refusal:
        services.menu_create(
            actor=cook,
            provider=canteen,
            day=datetime.date(2026, 3, 6),
            meal="lunch",
            dishes="面",
            price_fen=800,
            capacity=10,
            delivery_shift=theirs,
        )
    assert refusal.value.code == "shift_outside"
