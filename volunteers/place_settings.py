"""The time-bank policy as a setting per place (registered in VolunteersConfig.ready()): a
district or street may differ from the deployment's one policy row."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.place_settings import PlaceSettingSpec, register_place_setting

TIME_BANK = "volunteers.time_bank"
POLICY_FIELDS = [
    "storage_cap_hours",
    "star1_hours",
    "star2_hours",
    "star3_hours",
    "star4_hours",
    "star5_hours",
    "points_per_hour",
]


class TimeBankPolicyForm(forms.Form):
    storage_cap_hours = forms.IntegerField(label=_("time-bank cap (hours)"), min_value=1)
    star1_hours = forms.IntegerField(label=_("1 star from (hours)"), min_value=1)
    star2_hours = forms.IntegerField(label=_("2 stars from (hours)"), min_value=1)
    star3_hours = forms.IntegerField(label=_("3 stars from (hours)"), min_value=1)
    star4_hours = forms.IntegerField(label=_("4 stars from (hours)"), min_value=1)
    star5_hours = forms.IntegerField(label=_("5 stars from (hours)"), min_value=1)
    points_per_hour = forms.IntegerField(
        label=_("activity points per verified hour"), min_value=0, max_value=1000
    )

    def clean(self):
        data = super().clean()
        stars = [data.get(f"star{n}_hours") for n in range(1, 6)]
        if all(stars) and stars != sorted(set(stars)):
            raise forms.ValidationError(_("Each star needs more hours than the one before."))
        return data


def time_bank_default() -> dict:
    """The deployment's policy: the one row street staff edit in the admin."""
    from volunteers.models import TimeBankPolicy

    policy = TimeBankPolicy.objects.filter(pk=1).first() or TimeBankPolicy()
    return {name: getattr(policy, name) for name in POLICY_FIELDS}


def register() -> None:
    register_place_setting(
        PlaceSettingSpec(
            key=TIME_BANK,
            label=_("Time-bank policy"),
            form=TimeBankPolicyForm,
            default=time_bank_default,
        )
    )
