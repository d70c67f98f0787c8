import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEntry
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "phone": "13812345678",
    "real_name": "李秀英",
    "display_name": "秀英",
    "email": "xiuying@example.cn",
    "password1": "Tapo-2026",
    "password2": "Tapo-2026",
}


def signup(client, **overrides):
    return client.post(reverse("account_signup"), {**SIGNUP, **overrides})


def test_a_resident_signs_up_with_a_phone_number_and_is_logged_in(client):
    response = signup(client, phone="+86 138-1234-5678")
    assert response.status_code == 302
    user = User.objects.get()
    assert user.phone == "13812345678"
    assert user.real_name == "李秀英"
    assert user.check_password("Tapo-2026")
    assert client.get("/").context["user"] == user


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"phone": "12345"}, "phone", "请输入有效的大陆手机号"),
        ({"phone": "23812345678"}, "phone", "请输入有效的大陆手机号"),
        ({"password1": "tapotapo", "password2": "tapotapo"}, "password1", "至少要包含"),
        ({"password1": "Ta-1", "password2": "Ta-1"}, "password1", "密码太短"),
    ],
)
def test_bad_sign_up_input_gets_a_chinese_error_and_creates_nothing(
    client, overrides, field, message
):
    response = signup(client, **overrides)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert not User.objects.exists()


def test_a_duplicate_phone_is_refused_and_creates_nothing(client):
    UserFactory(phone="13812345678")
    response = signup(client)
    assert response.status_code == 200
    assert "手机号" in " ".join(response.context["form"].errors["phone"])
    assert User.objects.count() == 1


@pytest.mark.parametrize("login_with", ["phone", "email"])
def test_log_in_by_phone_or_email_and_the_log_in_is_audited(client, login_with):
    user = UserFactory(phone="13900001111", email="zhang@example.cn")
    login = {"phone": "139 0000 1111", "email": "ZHANG@example.cn"}[login_with]
    response = client.post(reverse("account_login"), {"login": login, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    entry = AuditEntry.objects.get(action="accounts.login")
    assert entry.actor == user
    assert entry.outcome == "success"
    assert entry.ip_address == "127.0.0.1"


def test_five_failed_log_ins_lock_the_account_for_thirty_minutes(client, time_machine):
    user = UserFactory(phone="13900002222")
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": user.phone, "password": "wrong-Pass1"}
        )
        assert response.status_code == 200
    user.refresh_from_db()
    assert user.is_locked()
    # the right password is refused while locked, with a clear message
    response = client.post(
        reverse("account_login"), {"login": user.phone, "password": DEFAULT_PASSWORD}
    )
    assert "账户已被锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # 30 minutes later it works again
    time_machine.shift(30 * 60 + 1)
    response = client.post(
        reverse("account_login"), {"login": user.phone, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["accounts.login_failed"] * 5 + [
        "accounts.locked",
        "accounts.login_refused_locked",
        "accounts.login",
    ]


def test_failed_log_in_of_an_unknown_account_is_recorded(client):
    client.post(reverse("account_login"), {"login": "13700000000", "password": "x-Y-z-123"})
    entry = AuditEntry.objects.get()
    assert entry.action == "accounts.login_failed"
    assert entry.details["login"] == "137****0000"


def test_admin_login_goes_through_the_portal_log_in(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_logout_ends_the_session(client, user):
    client.force_login(user)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="accounts.logout", actor=user).exists()


def test_password_reset_sends_an_email_in_chinese(client, mailoutbox):
    UserFactory(email="reset@example.cn")
    response = client.post(reverse("account_reset_password"), {"email": "reset@example.cn"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "密码" in mailoutbox[0].subject + mailoutbox[0].body


def test_staff_sessions_expire_after_idle_time(client, settings):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    client.get("/")
    assert client.session.get_expiry_age() == settings.STAFF_IDLE_TIMEOUT_SECONDS


def test_password_change_page_is_in_chinese_and_enforces_the_rules(client, user):
    client.force_login(user)
    page = client.get(reverse("account_change_password"))
    assert page.status_code == 200
    assert "修改密码" in page.content.decode()
    weak = client.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": "abcdefgh", "password2": "abcdefgh"},
    )
    assert "至少要包含" in weak.content.decode()
    ok = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": "New-Pass-2026",
            "password2": "New-Pass-2026",
        },
    )
    assert ok.status_code == 302
    user.refresh_from_db()
    assert user.check_password("New-Pass-2026")


def test_an_imported_resident_without_a_password_logs_in_by_sms_code_and_sets_one(client, settings):
    from notifications.sms import LocmemSmsBackend

    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    # given a resident created by a staff import, with no usable password
    resident = User.objects.create_user(phone="13700001111", password=None, real_name="周阿婆")
    assert not resident.has_usable_password()
    # when she asks for a log-in code for her mobile number
    response = client.post(reverse("account_request_login_code"), {"phone": "13700001111"})
    assert response.status_code == 302
    [(phone, text)] = LocmemSmsBackend.outbox
    assert phone == "13700001111"
    code = "".join(ch for ch in text if ch.isdigit())
    assert len(code) == 6
    # and types the code she received
    client.post(reverse("account_confirm_login_code"), {"code": code})
    # then she is logged in (her number is thereby verified) and can set a password
    assert client.session["_auth_user_id"] == str(resident.pk)
    resident.refresh_from_db()
    assert resident.phone_verified
    response = client.post(
        reverse("account_set_password"),
        {"password1": "Zhou-19480301", "password2": "Zhou-19480301"},
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password("Zhou-19480301")
