"""The resident's booking page, the staff's pending list, and scope refusals."""

from bookings.models import Booking
from bookings.services import booking_request
from tests.bookings.conftest import at


def _pending(resident, venue):
    return booking_request(
        user=resident,
        venue=venue,
        starts_at=at(3, 10),
        ends_at=at(3, 11),
        purpose="合唱排练",
        attendees=12,
    )


def test_home_links_the_bookings_page(client, resident, venue):
    client.force_login(resident)
    assert 'href="/bookings/"' in client.get("/").text
    page = client.get("/bookings/")
    assert "创熟加油站" in page.text


def test_a_resident_books_a_time_on_the_phone_page(client, resident, venue):
    client.force_login(resident)
    assert client.get(f"/bookings/venues/{venue.pk}/").status_code == 200
    response = client.post(
        f"/bookings/venues/{venue.pk}/",
        {"day": "2026-03-03", "start": "10:00", "end": "11:30", "purpose": "合唱", "attendees": 8},
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.starts_at, booking.ends_at) == (at(3, 10), at(3, 11, 30))
    assert "待审核" in client.get("/bookings/").text


def test_an_overlap_shows_a_chinese_error_and_saves_nothing(client, resident, neighbour, venue):
    _pending(resident, venue)
    client.force_login(neighbour)
    response = client.post(
        f"/bookings/venues/{venue.pk}/",
        {"day": "2026-03-03", "start": "10:30", "end": "12:00", "purpose": "跳舞", "attendees": 8},
    )
    assert response.status_code == 200
    assert "已被预约" in response.text
    assert Booking.objects.count() == 1


def test_bad_input_is_a_form_error_not_a_500(client, resident, venue):
    client.force_login(resident)
    response = client.post(
        f"/bookings/venues/{venue.pk}/",
        {"day": "昨天", "start": "25:00", "end": "x", "purpose": "", "attendees": "-3"},
    )
    assert response.status_code == 200
    assert Booking.objects.count() == 0


def test_another_communitys_resident_cannot_see_the_venue(client, tree, venue):
    from tests.consultations.factories import live_in

    client.force_login(live_in(tree["保安社区"]["households"][0]).user)
    assert "创熟加油站" not in client.get("/bookings/").text
    assert client.get(f"/bookings/venues/{venue.pk}/").status_code == 404


def test_resident_cancels_their_booking(client, resident, venue):
    booking = _pending(resident, venue)
    client.force_login(resident)
    assert client.post(f"/bookings/{booking.pk}/cancel/").status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_staff_approve_from_the_pending_page(client, resident, venue, tapo_staff):
    booking = _pending(resident, venue)
    client.force_login(tapo_staff)
    assert "合唱排练" in client.get("/bookings/pending/").text
    client.post(f"/bookings/{booking.pk}/decide/", {"decision": "approve"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.APPROVED


def test_another_communitys_staff_are_refused(client, resident, venue, baoan_staff):
    booking = _pending(resident, venue)
    client.force_login(baoan_staff)
    assert "合唱排练" not in client.get("/bookings/pending/").text
    response = client.post(f"/bookings/{booking.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == Booking.Status.PENDING


def test_residents_have_no_pending_page(client, resident):
    client.force_login(resident)
    assert client.get("/bookings/pending/").status_code == 404


def test_pending_page_queries_stay_flat(
    client, venue, tapo, tapo_staff, django_assert_max_num_queries
):
    from tests.consultations.factories import live_in

    client.force_login(tapo_staff)
    for hour in range(9, 19):
        booker = live_in(tapo["households"][hour % 8]).user
        booking_request(
            user=booker,
            venue=venue,
            starts_at=at(4, hour),
            ends_at=at(4, hour + 1),
            purpose="活动",
            attendees=3,
        )
    with django_assert_max_num_queries(12):
        assert client.get("/bookings/pending/").status_code == 200


def test_the_admin_lists_only_venues_in_scope(client, venue, tree, baoan_staff, tapo_staff):
    from bookings.models import Venue

    other = Venue.objects.create(
        node=tree["保安社区"]["community"],
        name="保安活动室",
        capacity=5,
        opens_at=venue.opens_at,
        closes_at=venue.closes_at,
    )
    for user in (baoan_staff, tapo_staff):
        user.is_staff = True
        user.save()
    from django.contrib.auth.models import Permission

    baoan_staff.user_permissions.add(*Permission.objects.filter(codename__endswith="_venue"))
    client.force_login(baoan_staff)
    page = client.get("/admin/bookings/venue/")
    assert page.status_code == 200
    assert "保安活动室" in page.text and "创熟加油站" not in page.text
    assert client.get(f"/admin/bookings/venue/{venue.pk}/change/").status_code == 404
    assert client.get(f"/admin/bookings/venue/{other.pk}/change/").status_code == 200


def test_a_team_leader_books_for_the_team_on_the_page(client, tapo, resident, neighbour, venue):
    from tests.volunteers.factories import volunteer
    from volunteers import services as volunteer_services
    from volunteers.models import Team

    volunteer(tapo["community"], user=resident)
    team = volunteer_services.team_create(
        actor=None,
        node=tapo["community"],
        name="文艺服务队",
        kind=Team.Kind.CULTURE,
        leader=resident,
    )
    form = {
        "day": "2026-03-03",
        "start": "10:00",
        "end": "11:00",
        "purpose": "排练",
        "attendees": 8,
    }
    # a resident leading no team sees no choice, and a forged one is a form error
    client.force_login(neighbour)
    assert "文艺服务队" not in client.get(f"/bookings/venues/{venue.pk}/").text
    client.post(f"/bookings/venues/{venue.pk}/", {**form, "team": team.pk})
    assert Booking.objects.get().team is None
    Booking.objects.all().delete()
    # the leader books for the team
    client.force_login(resident)
    assert "文艺服务队" in client.get(f"/bookings/venues/{venue.pk}/").text
    response = client.post(f"/bookings/venues/{venue.pk}/", {**form, "team": team.pk})
    assert response.status_code == 302
    assert Booking.objects.get().team == team
    assert "文艺服务队" in client.get("/bookings/").text
