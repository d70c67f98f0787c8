"""Changing the deployment's time-bank policy (the one `TimeBankPolicy` row; places override
it with the place setting `volunteers.time_bank`, changed in communities.services)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from volunteers.models import TimeBankPolicy
from volunteers.place_settings import POLICY_FIELDS, TimeBankPolicyForm


@transaction.atomic
def time_bank_policy_save(*, actor, values: dict) -> TimeBankPolicy:
    """Set the deployment's policy from `values` (the policy's fields; others are kept).

    Superusers only (it applies street-wide wherever no place sets its own). Checked by the
    same rules as a place's own policy, audited with the old and new values. Places without
    their own policy read the row directly (it is not cached), so the change applies at once.
    """
    if actor is None or not actor.is_superuser:
        raise ValidationError(_("You may not change the time-bank policy."), code="forbidden")
    policy, _created = TimeBankPolicy.objects.select_for_update().get_or_create(pk=1)
    old = {name: getattr(policy, name) for name in POLICY_FIELDS}
    new = {**old, **{name: values[name] for name in POLICY_FIELDS if name in values}}
    form = TimeBankPolicyForm(data=new)
    if not form.is_valid():
        raise ValidationError(
            [message for messages in form.errors.values() for message in messages],
            code="invalid_value",
        )
    new = {name: form.cleaned_data[name] for name in POLICY_FIELDS}
    if new == old:
        return policy
    for name, value in new.items():
        setattr(policy, name, value)
    policy.save()
    audit_record(
        actor=actor,
        action="volunteers.time_bank_policy_change",
        target=policy,
        details={
            "old": {name: old[name] for name in POLICY_FIELDS if old[name] != new[name]},
            "new": {name: new[name] for name in POLICY_FIELDS if old[name] != new[name]},
        },
    )
    return policy
