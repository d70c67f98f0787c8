"""Forms of the organisation above (or staff): transfers in, out and between branches, and
officers' appointments."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.phones import normalize_phone
from core.forms import ListedModelChoiceField
from core.widgets import DateInput
from party.models import PartyMember, PartyOfficer, PartyTransfer


class PersonByPhoneField(forms.CharField):
    """A person with an account, found by their mobile number."""

    def clean(self, value):
        value = super().clean(value)
        user = get_user_model().objects.filter(phone=normalize_phone(value)).first()
        if user is None:
            raise forms.ValidationError(_("No account has this mobile number."), code="no_user")
        return user


class TransferForm(forms.Form):
    member = ListedModelChoiceField(
        label=pgettext_lazy("party", "Member"), queryset=PartyMember.objects.none()
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[
            (PartyTransfer.Direction.OUT, _("Out of the portal's organisations")),
            (PartyTransfer.Direction.WITHIN, _("To another branch here")),
        ],
        widget=forms.RadioSelect,
    )
    to_branch = ListedModelChoiceField(
        label=_("Branch moved to"), queryset=PartyMember.objects.none(), required=False
    )
    other_organisation = forms.CharField(
        label=_("Organisation moved to (outside the portal)"), max_length=100, required=False
    )
    on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=pgettext_lazy("party", "Note"), max_length=200, required=False)

    def __init__(self, *args, members, branches, **kwargs):
        super().__init__(*args, prefix="out", **kwargs)
        self.fields["member"].queryset = members
        self.fields["to_branch"].queryset = branches


class TransferInForm(forms.Form):
    person = PersonByPhoneField(
        label=pgettext_lazy("party", "Mobile number of the member"), max_length=20
    )
    other_organisation = forms.CharField(label=_("Organisation moved from"), max_length=100)
    status = forms.ChoiceField(
        label=_("Membership"), choices=PartyMember.Status.choices, widget=forms.RadioSelect
    )
    joined_on = forms.DateField(label=_("Joined the party on"), required=False, widget=DateInput())
    on = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="in", **kwargs)


class AppointForm(forms.Form):
    person = PersonByPhoneField(label=_("Mobile number of the officer"), max_length=20)
    role = forms.ChoiceField(
        label=pgettext_lazy("party", "Role"),
        choices=PartyOfficer.Role.choices,
        widget=forms.RadioSelect,
    )
    starts_on = forms.DateField(label=pgettext_lazy("party", "Term starts on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="officer", **kwargs)
