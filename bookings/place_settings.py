"""The elders' canteen as a setting per place (registered in BookingsConfig.ready()): order
cut-offs and the subsidy amounts, set per street (a community may differ, a district may set
the defaults of its streets)."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.place_settings import PlaceSettingSpec, register_place_setting

CANTEEN = "bookings.canteen"


class CanteenSettingForm(forms.Form):
    lunch_cutoff = forms.TimeField(label=_("lunch orders close at"))
    dinner_cutoff = forms.TimeField(label=_("dinner orders close at"))
    age_60_fen = forms.IntegerField(
        label=_("subsidy per meal from 60 (fen)"), min_value=0, max_value=10000
    )
    age_70_fen = forms.IntegerField(
        label=_("subsidy per meal from 70 (fen)"), min_value=0, max_value=10000
    )
    age_80_fen = forms.IntegerField(
        label=_("subsidy per meal from 80 (fen)"), min_value=0, max_value=10000
    )
    living_alone_fen = forms.IntegerField(
        label=_("extra for elders living alone (fen)"), min_value=0, max_value=10000
    )
    low_income_fen = forms.IntegerField(
        label=_("extra for low-income elders, 低保 (fen)"), min_value=0, max_value=10000
    )
    disabled_fen = forms.IntegerField(
        label=_("extra for disabled elders (fen)"), min_value=0, max_value=10000
    )


def canteen_default() -> dict:
    """A typical street's scheme: 3, 4 and 5 yuan by age, 2 yuan more for a care status."""
    return {
        "lunch_cutoff": dt.time(10, 0),
        "dinner_cutoff": dt.time(15, 0),
        "age_60_fen": 300,
        "age_70_fen": 400,
        "age_80_fen": 500,
        "living_alone_fen": 200,
        "low_income_fen": 200,
        "disabled_fen": 200,
    }


def register() -> None:
    register_place_setting(
        PlaceSettingSpec(
            key=CANTEEN,
            label=_("Elders' canteen: cut-offs and subsidies"),
            form=CanteenSettingForm,
            default=canteen_default,
            help_text=_("Amounts are per meal in fen (100 fen = 1 yuan), capped at the price."),
        )
    )
