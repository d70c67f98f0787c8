"""The SMS signature (签名) as a setting per place (registered in NotificationsConfig.ready()):
a district or street whose signature is registered with the gateway under its own name sends
its texts under it; SMS_SIGN_NAME stays the deployment's default."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from communities.place_settings import PlaceSettingSpec, register_place_setting

SMS_SIGNATURE = "notifications.sms_signature"


class SmsSignatureForm(forms.Form):
    # The gateway accepts signatures of 2 to 12 characters (Alibaba Cloud's rule).
    sign_name = forms.CharField(
        label=_("SMS signature"),
        min_length=2,
        max_length=12,
        help_text=_("Shown as 【…】 before each text; it must be registered with the SMS gateway."),
    )


def register() -> None:
    register_place_setting(
        PlaceSettingSpec(
            key=SMS_SIGNATURE,
            label=_("SMS signature"),
            form=SmsSignatureForm,
            default=lambda: {"sign_name": settings.SMS_SIGN_NAME},
        )
    )
