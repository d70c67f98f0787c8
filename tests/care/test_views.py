"""Care register pages: who gets in, what they see, the import with its dry run, and that no
other app's page, export or API shows a tag."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from audit.models import AuditEntry
from care.models import CareTag
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory

pytestmark = pytest.mark.django_db
NOTE = "耳背，敲门要大声"


def test_captain_reads_register_and_record_on_the_phone(client, captain, elder_tag):
    client.force_login(captain)

    register = client.get(reverse("care:register"))
    person = client.get(reverse("care:person", args=[elder_tag.residency_id]))

    assert register.status_code == 200 and "王秀英" in register.content.decode()
    body = person.content.decode()
    assert NOTE in body
    # Field-level: the legal basis and its evidence are for care staff only.
    assert "同意书存社区档案柜" not in body
    assert AuditEntry.objects.filter(action="care.person.read", actor=captain).count() == 1
    assert AuditEntry.objects.filter(action="care.register.read", actor=captain).count() == 1


def test_care_staff_see_the_basis(client, care_staff, elder_tag):
    client.force_login(care_staff)
    body = client.get(reverse("care:person", args=[elder_tag.residency_id])).content.decode()
    assert "同意书存社区档案柜" in body


@pytest.mark.parametrize(
    "who", ["baoan_captain", "baoan_care_staff", "volunteer", "tapo_plain_staff"]
)
def test_outsiders_get_404_everywhere(client, request, who, elder_tag):
    client.force_login(request.getfixturevalue(who))
    register = client.get(reverse("care:register"))
    # Care roles elsewhere see their own (empty) register; the others have none at all.
    assert register.status_code == (200 if who.startswith("baoan") else 404)
    assert "王秀英" not in register.content.decode()
    for url in (
        reverse("care:person", args=[elder_tag.residency_id]),
        reverse("care:tag_edit", args=[elder_tag.pk]),
        *([] if who == "baoan_care_staff" else [reverse("care:tag_add"), reverse("care:import")]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("care:tag_remove", args=[elder_tag.pk]), {"reason": "x"}).status_code
        == 404
    )
    assert CareTag.objects.get(pk=elder_tag.pk).removed_at is None


def test_register_filter_with_bad_input_is_not_an_error(client, captain, elder_tag):
    client.force_login(captain)
    response = client.get(reverse("care:register"), {"level": "abc", "place": "x", "page": "zz"})
    assert response.status_code == 200


def test_register_page_queries_stay_flat(
    client, captain, elder_tag, tapo, alone_type, care_staff, django_assert_max_num_queries
):
    from care import services
    from tests.care.conftest import KEEP_UNTIL

    for household in tapo["households"][1:6]:
        person = ResidencyFactory(household=household)
        services.care_tag_add(
            actor=care_staff,
            residency=person,
            tag_type=alone_type,
            level=1,
            legal_basis=CareTag.LegalBasis.STATUTORY_DUTY,
            retain_until=KEEP_UNTIL,
        )
    client.force_login(captain)
    # session, user, posts, care roles, count, page, tags (prefetch), filter places, audit
    # (content type + insert), messages/unread and roles of the layout: flat in the rows.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("care:register"))
    assert response.content.decode().count('class="card care-card"') == 6


def test_staff_add_a_tag_by_phone(client, care_staff, elder, alone_type):
    client.force_login(care_staff)
    response = client.post(
        reverse("care:tag_add"),
        {
            "phone": elder.user.phone,
            "tag_type": alone_type.pk,
            "level": "3",
            "note": "",
            "legal_basis": "statutory_duty",
            "retain_until": "2027-06-01",
        },
    )
    assert response.status_code == 302
    assert CareTag.objects.get(residency=elder).level == 3


def _sheet(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["手机号", "标签", "等级", "备注", "法律依据", "同意日期", "保留至"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "care.xlsx"
    return out


def test_import_dry_run_writes_nothing_then_the_real_run_writes_all(client, care_staff, elder):
    client.force_login(care_staff)
    rows = [
        [elder.user.phone, "独居", "关注", "", "同意", "2026-05-01", "2028-01-01"],
        [elder.user.phone, "高龄(80岁以上)", "1", "", "法定职责", "", "2028-01-01"],
    ]

    dry = client.post(reverse("care:import"), {"file": _sheet(rows), "dry_run": "on"})
    assert dry.status_code == 200 and not CareTag.objects.exists()
    assert "2" in dry.content.decode()

    real = client.post(reverse("care:import"), {"file": _sheet(rows)})
    assert real.status_code == 302
    assert CareTag.objects.filter(residency=elder).count() == 2


def test_import_with_one_bad_row_writes_nothing(client, care_staff, elder, baoan):
    outsider = ResidencyFactory(household=baoan["households"][0])
    client.force_login(care_staff)
    rows = [
        [elder.user.phone, "独居", "1", "", "法定职责", "", "2028-01-01"],
        [outsider.user.phone, "独居", "1", "", "法定职责", "", "2028-01-01"],
    ]

    response = client.post(reverse("care:import"), {"file": _sheet(rows)})

    assert response.status_code == 200
    assert "3" in response.content.decode()  # the row number of the outsider
    assert not CareTag.objects.exists()


def test_import_refuses_a_file_that_is_not_excel(client, care_staff):
    client.force_login(care_staff)
    upload = io.BytesIO(b"not a workbook")
    upload.name = "x.xlsx"
    response = client.post(reverse("care:import"), {"file": upload})
    assert response.status_code == 200 and not CareTag.objects.exists()


def test_a_resident_downloads_their_own_tags_with_their_data(client, elder_tag):
    client.force_login(elder_tag.residency.user)
    body = client.get(reverse("accounts:export")).content.decode()
    assert "独居" in body and "2028-06-01" in body


def test_other_apps_pages_exports_and_api_never_show_a_tag(
    client, api_client, captain, care_staff, elder_tag, tapo
):
    # The captain's building page, the building's rooms in the API, community staff's tree,
    # and a superuser's residents admin and its export: none knows the register exists.
    admin = UserFactory(is_staff=True, is_superuser=True)
    neighbour = ResidencyFactory(household=tapo["households"][1])
    pages = [
        (captain, reverse("communities:my_building")),
        (captain, f"/api/v1/community/buildings/{tapo['building'].pk}/households/"),
        (care_staff, reverse("communities:node", args=[tapo["building"].pk])),
        (admin, reverse("admin:communities_residency_changelist")),
        (admin, reverse("admin:communities_residency_export") + "?format=0"),
        (neighbour.user, reverse("accounts:export")),
    ]
    for user, url in pages:
        client.force_login(user)
        response = client.get(url)
        body = response.content.decode(errors="ignore")
        assert response.status_code in (200, 302), url
        assert NOTE not in body and "独居" not in body, url
