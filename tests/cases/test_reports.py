"""Reporting: routing by place, visibility, photo uploads, duplicates, working-time deadlines."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from PIL import Image

from cases import selectors
from cases.models import CalendarOverride, Case, CasePhoto, TimeUnit
from cases.worktime import WorkCalendar
from communities.models import Post
from notifications.models import Message
from tests.accounts.factories import UserFactory
from tests.cases.factories import category, jpeg_bytes, photo, report
from tests.communities.factories import appoint
from tests.core.images import blank_png

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


# --- routing ----------------------------------------------------------------------------------


def test_a_unit_problem_goes_to_the_building_captain(tapo, posts):
    case = report(node=tapo["units"][1])
    assert case.assignee_post == posts["captain"]
    assert Message.objects.filter(recipient=posts["captain"].user).count() == 1


def test_without_a_captain_it_goes_to_the_grid_worker(tapo, posts):
    services_post_end(posts["captain"])
    case = report(node=tapo["units"][0])
    assert case.assignee_post == posts["grid_worker"]


def test_a_compound_problem_goes_to_the_grid_worker(tapo, posts):
    case = report(node=tapo["compound"])
    assert case.assignee_post == posts["grid_worker"]


def test_a_community_problem_goes_to_community_staff(tapo, posts):
    case = report(node=tapo["community"])
    assert case.assignee_post == posts["community_staff"]


def test_a_street_problem_goes_to_street_staff(tree, posts):
    case = report(node=tree["street"])
    assert case.assignee_post == posts["street_staff"]


def test_a_free_address_is_filed_under_the_reporters_community(tapo, posts):
    from tests.communities.factories import ResidencyFactory

    resident = ResidencyFactory(household=tapo["households"][0]).user
    case = report(
        reporter=resident,
        node=None,
        address="福贤路与祖庙路交界处",
        latitude=23.03,
        longitude=113.11,
    )
    assert case.node == tapo["community"]
    assert case.assignee_post == posts["community_staff"]
    assert (case.latitude, case.longitude) == (Decimal("23.03"), Decimal("113.11"))


def test_a_report_needs_a_place_and_a_description(tapo, rubbish):
    with pytest.raises(ValidationError) as error:
        report(node=None, cat=rubbish)
    assert error.value.code == "place_required"
    with pytest.raises(ValidationError) as error:
        report(node=tapo["building"], description="   ")
    assert error.value.code == "description_required"
    with pytest.raises(ValidationError) as error:
        report(node=tapo["building"], latitude=23.0)
    assert error.value.code == "bad_coordinates"


def test_a_main_category_with_subcategories_is_refused(tapo, rubbish):
    with pytest.raises(ValidationError) as error:
        report(node=tapo["building"], cat=rubbish.parent)
    assert error.value.code == "bad_category"


def services_post_end(post):
    from communities.services import post_end

    post_end(actor=None, post=post)


# --- who sees what ------------------------------------------------------------------------------


def test_a_captain_cannot_see_cases_of_another_building(tapo, baoan, posts):
    ours = report(node=tapo["units"][0])
    theirs = report(node=baoan["units"][0])
    captain = posts["captain"].user
    visible = set(
        Case.objects.filter(selectors.cases_visible_q(captain)).values_list("pk", flat=True)
    )
    assert ours.pk in visible and theirs.pk not in visible
    with pytest.raises(Http404):
        selectors.case_get_for_user(user=captain, pk=theirs.pk)


def test_a_resident_sees_only_their_own_reports(tapo):
    mine = report(node=tapo["building"])
    other = report(node=tapo["building"])
    assert list(selectors.cases_of_reporter(user=mine.reporter)) == [mine]
    with pytest.raises(Http404):
        selectors.case_get_for_user(user=mine.reporter, pk=other.pk)


def test_the_reporter_is_masked_for_a_captain_who_does_not_handle_it(tapo, posts):
    second_captain = appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user
    reporter = UserFactory(real_name="王小明", phone="13912345678")
    case = report(reporter=reporter, node=tapo["units"][0])
    case = selectors.case_get_for_user(user=second_captain, pk=case.pk)
    assert selectors.reporter_for_viewer(user=second_captain, case=case) == {
        "name": "王**",
        "phone": "",
    }
    staff = posts["community_staff"].user
    assert selectors.reporter_for_viewer(user=staff, case=case)["phone"] == "139****5678"
    handler = posts["captain"].user
    assert selectors.reporter_for_viewer(user=handler, case=case)["phone"] == "13912345678"


def test_a_reporter_without_a_real_name_is_shown_by_the_one_masking_rule(tapo, posts):
    # Before: "Resident" to other captains, where boards and consultations showed the phone.
    second_captain = appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user
    reporter = UserFactory(real_name="", display_name="", phone="13912345678")
    case = report(reporter=reporter, node=tapo["units"][0])
    case = selectors.case_get_for_user(user=second_captain, pk=case.pk)
    assert selectors.reporter_for_viewer(user=second_captain, case=case) == {
        "name": "139****5678",
        "phone": "",
    }
    named = UserFactory(real_name="王小明", display_name="小明")
    case = selectors.case_get_for_user(
        user=second_captain, pk=report(reporter=named, node=tapo["units"][0]).pk
    )
    assert selectors.reporter_for_viewer(user=second_captain, case=case)["name"] == "小明"
    staff = posts["community_staff"].user
    assert selectors.reporter_for_viewer(user=staff, case=case)["name"] == "王小明"


# --- photos -----------------------------------------------------------------------------------


def test_a_non_image_upload_is_refused_and_nothing_is_saved(tapo):
    fake = SimpleUploadedFile("virus.jpg", b"MZ not an image at all", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        report(node=tapo["building"], photos=[fake])
    assert error.value.code == "not_an_image"
    assert Case.objects.count() == 0


def test_an_oversized_image_is_refused(tapo):
    big = SimpleUploadedFile("big.jpg", jpeg_bytes() + b"\0" * (5 * 1024 * 1024), "image/jpeg")
    with pytest.raises(ValidationError) as error:
        report(node=tapo["building"], photos=[big])
    assert error.value.code == "photo_too_large"


def test_a_decompression_bomb_is_refused_and_nothing_is_saved(tapo):
    bomb = SimpleUploadedFile("bomb.png", blank_png(30000, 30000), content_type="image/png")
    with pytest.raises(ValidationError) as error:
        report(node=tapo["building"], photos=[bomb])
    assert error.value.code == "photo_too_large"
    assert Case.objects.count() == 0


def test_more_than_nine_photos_are_refused(tapo):
    with pytest.raises(ValidationError) as error:
        report(node=tapo["building"], photos=[photo(f"{i}.jpg") for i in range(10)])
    assert error.value.code == "too_many_photos"


def test_the_stored_photo_has_no_exif_and_no_gps(tapo):
    original = jpeg_bytes(gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)  # the upload has GPS
    case = report(
        node=tapo["building"],
        photos=[SimpleUploadedFile("gps.jpg", original, content_type="image/jpeg")],
    )
    stored = CasePhoto.objects.get(event__case=case)
    with stored.image.open("rb") as handle:
        image = Image.open(handle)
        image.load()
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info


# --- duplicates -------------------------------------------------------------------------------


def test_open_cases_of_the_same_kind_in_the_same_building_are_suggested(tapo, baoan, rubbish):
    first = report(node=tapo["units"][0], cat=rubbish)
    report(node=baoan["units"][0], cat=rubbish)  # another building
    report(node=tapo["units"][0], cat=category("车辆乱停", "交通"))  # another kind
    found = list(selectors.case_duplicates(category=rubbish, node=tapo["units"][1]))
    assert found == [first]


# --- working time -----------------------------------------------------------------------------


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def test_working_hours_skip_lunch_nights_and_weekends():
    calendar = WorkCalendar.load()
    # Friday 2025-03-07 16:30 + 4 working hours: 1h Friday, then Monday 08:30 + 3h = 11:30
    assert calendar.add(at(2025, 3, 7, 16, 30), 4, TimeUnit.WORKING_HOURS) == at(
        2025, 3, 10, 11, 30
    )
    # Monday 11:00 + 2 working hours: 1h before lunch, 1h after 14:00 = 15:00
    assert calendar.add(at(2025, 3, 10, 11, 0), 2, TimeUnit.WORKING_HOURS) == at(2025, 3, 10, 15, 0)


def test_the_national_day_holiday_and_its_make_up_saturday_count_right():
    calendar = WorkCalendar.load()
    # 2025-09-30 (Tue) 17:00 + 1 working hour: 0.5h that day, then the holiday runs to Oct 8;
    # 2025-09-28 (Sun) was a make-up working day (调休).
    assert calendar.add(at(2025, 9, 30, 17, 0), 1, TimeUnit.WORKING_HOURS) == at(2025, 10, 9, 9, 0)
    assert calendar.is_workday(datetime.date(2025, 9, 28))
    assert calendar.add(at(2025, 9, 27, 18, 0), 1, TimeUnit.WORKING_HOURS) == at(2025, 9, 28, 9, 30)


def test_an_override_beats_the_official_calendar():
    CalendarOverride.objects.create(date=datetime.date(2025, 3, 10), is_workday=False, note="停电")
    calendar = WorkCalendar.load()
    assert calendar.add(at(2025, 3, 7, 17, 0), 1, TimeUnit.WORKING_HOURS) == at(2025, 3, 11, 9, 0)


def test_working_days_and_calendar_hours():
    calendar = WorkCalendar.load()
    assert calendar.add(at(2025, 3, 11, 10, 0), 2, TimeUnit.WORKING_DAYS) == at(2025, 3, 13, 10, 0)
    assert calendar.add(at(2025, 3, 8, 10, 0), 24, TimeUnit.CALENDAR_HOURS) == at(2025, 3, 9, 10, 0)


def test_deadlines_are_set_from_the_category(tapo, time_machine):
    time_machine.move_to(at(2025, 3, 7, 16, 30), tick=False)
    cat = category(
        "井盖缺失",
        "设施损坏",
        response_limit=2,
        response_unit=TimeUnit.CALENDAR_HOURS,
        resolve_limit=4,
        resolve_unit=TimeUnit.WORKING_HOURS,
    )
    case = report(node=tapo["building"], cat=cat)
    assert case.response_due_at == at(2025, 3, 7, 18, 30)
    assert case.resolve_due_at == at(2025, 3, 10, 11, 30)
