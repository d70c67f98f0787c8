"""What every volunteers service shares: the registration a service needs, the refusal."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from volunteers.models import VolunteerProfile
from volunteers.selectors.profiles import home_community

__all__ = ["home_community", "refuse", "require_profile"]


def require_profile(user) -> VolunteerProfile:
    profile = VolunteerProfile.objects.select_related("community").filter(user=user).first()
    if profile is None:
        raise ValidationError(_("Please register as a volunteer first."), code="not_a_volunteer")
    return profile


def refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)
