from collections.abc import Callable

from django.conf import settings

from accounts.models import User

PersonalDataExporter = Callable[[User], dict]
_exporters: dict[str, PersonalDataExporter] = {}


def register_personal_data_exporter(section: str, exporter: PersonalDataExporter) -> None:
    """Apps holding personal data add their section to the resident's own export (PIPL)."""
    _exporters[section] = exporter


def user_get_by_login(login: str) -> User | None:
    """Find the account for a log-in name: an email address or a mobile number."""
    from accounts.phones import normalize_phone

    login = (login or "").strip()
    if "@" in login:
        return User.objects.filter(email__iexact=login).first()
    return User.objects.filter(phone=normalize_phone(login)).first()


def user_personal_data(user: User) -> dict:
    data = {
        "account": {
            "phone": user.phone or "",
            "email": user.email,
            "real_name": user.real_name,
            "display_name": user.display_name,
            "id_number": user.id_number_masked,
            "date_joined": user.date_joined.isoformat(),
        }
    }
    for section, exporter in _exporters.items():
        data[section] = exporter(user)
    return data


def phone_verification_needed(user) -> bool:
    """Whether the user must verify their mobile number before spending points on something
    real (REQUIRE_VERIFIED_PHONE): a scripted account can earn, but not cash out."""
    return bool(getattr(settings, "REQUIRE_VERIFIED_PHONE", True)) and not user.phone_verified
