from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import ChannelPreference


class ChannelForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How should important reminders reach you?"),
        choices=ChannelPreference.Channel.choices,
        widget=forms.RadioSelect,
    )
