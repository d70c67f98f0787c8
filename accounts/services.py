from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.id_numbers import hash_id_number, normalize_id_number, validate_id_number
from accounts.masking import mask_id_number, mask_phone
from accounts.models import User
from accounts.phones import normalize_phone, validate_mobile
from audit.models import AuditEntry
from audit.services import audit_record


def user_create(
    *,
    phone: str,
    password: str | None,
    real_name: str = "",
    display_name: str = "",
    email: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    manager = User.objects.create_superuser if is_superuser else User.objects.create_user
    return manager(
        phone=phone,
        password=password,
        real_name=real_name,
        display_name=display_name,
        email=email,
        is_staff=is_staff,
    )


@transaction.atomic
def user_create_without_login(*, real_name: str, phone: str = "") -> User:
    """An account for a resident registered by a captain or staff (代办): no password, so no
    web log-in (the SMS channel reaches them when they have a phone), and no phone at all
    when they have none. Refused: no name (`name_required`), a number that is not a mainland
    mobile (`invalid_phone`) or that already has an account (`phone_taken`)."""
    real_name = (real_name or "").strip()
    if not real_name:
        raise ValidationError(_("Give the resident's name."), code="name_required")
    phone = normalize_phone(phone) if phone and phone.strip() else None
    if phone is not None:
        validate_mobile(phone)
        if User.objects.filter(phone=phone).exists():
            raise ValidationError(
                _("This number already has an account: ask the resident to claim their home."),
                code="phone_taken",
            )
    user = User(phone=phone, real_name=real_name[:50])
    user.set_unusable_password()
    user.save()
    return user


def user_set_id_number(*, user: User, id_number: str, actor=None) -> User:
    """Validate an ID-card number and keep only its masked form and keyed hash."""
    id_number = normalize_id_number(id_number)
    validate_id_number(id_number)
    with transaction.atomic():
        user.id_number_masked = mask_id_number(id_number)
        user.id_number_hash = hash_id_number(id_number)
        user.save(update_fields=["id_number_masked", "id_number_hash"])
        audit_record(actor=actor or user, action="accounts.id_number_set", target=user)
    return user


def login_lock_remaining(user: User) -> timedelta | None:
    if user.is_locked():
        return user.locked_until - timezone.now()
    return None


def login_failure_record(*, user: User | None, identifier: str, ip_address: str | None) -> None:
    """Count a failed log-in; the Nth failure in a row locks the account for M minutes."""
    shown_identifier = identifier if "@" in identifier else mask_phone(identifier)
    with transaction.atomic():
        if user is None:
            audit_record(
                actor=None,
                action="accounts.login_failed",
                outcome=AuditEntry.Outcome.FAILURE,
                ip_address=ip_address,
                details={"login": shown_identifier, "reason": "unknown_account"},
            )
            return
        user = User.objects.select_for_update().get(pk=user.pk)
        user.failed_login_count += 1
        audit_record(
            actor=None,
            action="accounts.login_failed",
            target=user,
            outcome=AuditEntry.Outcome.FAILURE,
            ip_address=ip_address,
            details={"login": shown_identifier, "failures": user.failed_login_count},
        )
        if user.failed_login_count >= settings.LOGIN_LOCK_FAILURES:
            user.locked_until = timezone.now() + timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
            user.failed_login_count = 0
            audit_record(
                actor=None,
                action="accounts.locked",
                target=user,
                outcome=AuditEntry.Outcome.REFUSED,
                ip_address=ip_address,
                details={"minutes": settings.LOGIN_LOCK_MINUTES},
            )
        user.save(update_fields=["failed_login_count", "locked_until"])


def login_throttled_record(*, identifier: str, ip_address: str | None, limit: str) -> None:
    """A log-in (page, code request or API token) refused by a rate limit (HTTP 429 or the
    form's "too many attempts"): kept, so a spraying attempt leaves a trace per address."""
    shown = identifier if "@" in identifier else mask_phone(identifier)
    audit_record(
        actor=None,
        action="accounts.login_throttled",
        outcome=AuditEntry.Outcome.REFUSED,
        ip_address=ip_address,
        details={"login": shown, "limit": limit},
    )


def login_refused_while_locked(*, user: User, ip_address: str | None) -> None:
    audit_record(
        actor=None,
        action="accounts.login_refused_locked",
        target=user,
        outcome=AuditEntry.Outcome.REFUSED,
        ip_address=ip_address,
    )


def login_success_record(*, user: User, ip_address: str | None) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        audit_record(actor=user, action="accounts.login", target=user, ip_address=ip_address)


def logout_record(*, user: User, ip_address: str | None) -> None:
    audit_record(actor=user, action="accounts.logout", target=user, ip_address=ip_address)


def user_unlock(*, user: User, actor: User) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        audit_record(actor=actor, action="accounts.unlocked", target=user)


def user_phone_mark_verified(*, user: User, method: str) -> None:
    """The user proved they hold their number (an SMS code): they may redeem points."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(phone_verified=True)
        user.phone_verified = True
        audit_record(
            actor=user, action="accounts.phone_verified", target=user, details={"method": method}
        )
