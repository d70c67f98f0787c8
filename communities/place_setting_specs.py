"""The communities app's own settings per place (registered in CommunitiesConfig.ready())."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from communities.place_settings import PlaceSettingSpec, register_place_setting

BRANDING = "communities.branding"


class BrandingForm(forms.Form):
    name = forms.CharField(label=_("Name shown in the header"), max_length=50)


def register() -> None:
    register_place_setting(
        PlaceSettingSpec(
            key=BRANDING,
            label=_("Name and branding"),
            form=BrandingForm,
            # STREET_NAME stays the deployment's default name.
            default=lambda: {"name": settings.ADMIN_SITE_TITLE},
        )
    )
