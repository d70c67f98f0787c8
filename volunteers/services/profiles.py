"""Volunteer registration."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from communities.scoping import scope_for_user
from core.layout import layout_forget
from volunteers.models import VolunteerProfile


@transaction.atomic
def volunteer_register(
    *,
    user,
    community: Node,
    skills: str = "",
    availability: str = "",
    service_areas: str = "",
) -> VolunteerProfile:
    """Register the user as a volunteer of a community and assign their volunteer number.

    The number is the street code followed by the registration sequence, so it is unique and
    tells staff where the volunteer registered.
    """
    if community.kind != Node.Kind.COMMUNITY:
        raise ValidationError(_("Please choose a community."), code="not_a_community")
    if VolunteerProfile.objects.filter(user=user).exists():
        raise ValidationError(
            _("You are already registered as a volunteer."), code="already_registered"
        )
    profile = VolunteerProfile.objects.create(
        user=user,
        community=community,
        number=uuid.uuid4().hex[:20],
        skills=skills.strip(),
        availability=availability.strip(),
        service_areas=service_areas.strip(),
    )
    profile.number = f"{community.root_code}{profile.pk:07d}"[-20:]
    profile.save(update_fields=["number"])
    audit_record(
        actor=user,
        action="volunteers.register",
        target=profile,
        scope_path=community.path,
        details={"number": profile.number},
    )
    layout_forget([user.pk])
    return profile


@transaction.atomic
def volunteer_update(
    *,
    profile: VolunteerProfile,
    skills: str,
    availability: str,
    service_areas: str,
    community: Node | None = None,
    actor=None,
) -> VolunteerProfile:
    """The volunteer changes what they offer; staff (`actor`) may also move them to another
    community, both in their scope, which is audited."""
    values = {
        "skills": skills.strip(),
        "availability": availability.strip(),
        "service_areas": service_areas.strip(),
    }
    if actor is not None:
        community = community or profile.community
        scope = scope_for_user(actor)
        if not (scope.manages(profile.community) and scope.manages(community)):
            raise ValidationError(_("You may not change this volunteer."), code="forbidden")
        if community.kind != Node.Kind.COMMUNITY:
            raise ValidationError(_("Please choose a community."), code="not_a_community")
        values["community"] = community
    changed = sorted(field for field, value in values.items() if getattr(profile, field) != value)
    for field, value in values.items():
        setattr(profile, field, value)
    profile.save(update_fields=[*values])
    if actor is not None:
        audit_record(
            actor=actor,
            action="volunteers.profile_update",
            target=profile,
            scope_path=profile.community.path,
            details={"fields": changed},
        )
    return profile
