from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.forms import MultipleFileField, PlaceChoiceField
from core.widgets import DateTimeInput
from notices.models import Delivery, Notice


class NoticeForm(forms.Form):
    node = PlaceChoiceField(label=_("To the people of"), queryset=None, empty_label=None)
    audience = forms.ChoiceField(label=_("Who is it for?"), choices=Notice.Audience.choices)
    title = forms.CharField(label=_("Title"), max_length=100)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    per_household = forms.BooleanField(
        label=_("One receipt per household (any member counts)"), required=False
    )
    needs_confirmation = forms.BooleanField(
        label=_("Ask residents to confirm they have read it (回执)"), required=False
    )
    knock_after = forms.DateTimeField(
        label=_("Door-knock list for captains from (optional)"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Households not reached by then go on their captain's list."),
    )
    attachments = MultipleFileField(
        label=_("Photos or PDF documents (optional)"),
        required=False,
        help_text=_("Up to 5 files; photos up to 5 MB, PDF up to 10 MB."),
    )

    def __init__(self, *args, nodes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes


class ToldForm(forms.Form):
    household = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    via = forms.ChoiceField(choices=Delivery.ToldVia.choices)
