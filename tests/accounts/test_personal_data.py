import json

import pytest
from django.core.exceptions import ValidationError

from accounts import services
from accounts.masking import mask_id_number, mask_phone
from accounts.validators import CharacterClassValidator


def test_masks_follow_the_national_conventions():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("440308199001011234") == "440308********1234"


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("abcdefgh", False),
        ("abcdEFGH", False),
        ("abcdEF12", True),
        ("abcd12!!", True),
        ("AB12!!!!", True),
    ],
)
def test_passwords_need_three_character_classes(password, ok):
    validator = CharacterClassValidator(min_classes=3)
    if ok:
        validator.validate(password)
    else:
        with pytest.raises(ValidationError):
            validator.validate(password)


@pytest.mark.django_db
def test_an_id_number_is_kept_only_masked_and_hashed(user):
    services.user_set_id_number(user=user, id_number="11010519491231002x")
    user.refresh_from_db()
    assert user.id_number_masked == "110105********002X"
    assert len(user.id_number_hash) == 64
    assert "19491231" not in json.dumps({k: str(v) for k, v in vars(user).items()})


@pytest.mark.django_db
def test_an_id_number_with_a_wrong_check_digit_is_refused(user):
    with pytest.raises(ValidationError, match="校验位"):
        services.user_set_id_number(user=user, id_number="110105194912310021")


@pytest.mark.django_db
def test_a_resident_downloads_their_own_data(logged_in_client, user):
    response = logged_in_client.get("/me/export/")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["account"]["phone"] == user.phone
    assert "messages" in data


@pytest.mark.django_db
def test_the_profile_page_masks_the_phone(logged_in_client, user):
    html = logged_in_client.get("/me/").content.decode()
    assert user.masked_phone in html
    assert user.phone not in html
