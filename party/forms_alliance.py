"""Forms of the staff pages of the 党建益联盟 (units, offers, commitments, alliances, pairings).

Choices come from `party.selectors_alliance`, already restricted to the staff member's scope;
the services check the places again.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.widgets import DateInput
from party.models import CoBuildingUnit, Commitment, UnitOffer


class UnitForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind of unit"), choices=CoBuildingUnit.Kind.choices)
    name = forms.CharField(label=_("Name of the unit"), max_length=100)
    contact_name = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    pledged_resources = forms.CharField(
        label=_("Pledged resources"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class UnitDetailsForm(forms.Form):
    """A unit's details (its name and community stay: they identify it)."""

    kind = forms.ChoiceField(label=_("Kind of unit"), choices=CoBuildingUnit.Kind.choices)
    contact_name = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    pledged_resources = forms.CharField(
        label=_("Pledged resources"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    signed_on = forms.DateField(label=_("Agreement signed on"), widget=DateInput(), required=False)

    @classmethod
    def for_unit(cls, unit, data=None):
        initial = {
            name: getattr(unit, name)
            for name in ("kind", "contact_name", "contact_phone", "pledged_resources", "signed_on")
        }
        return cls(data, initial=initial, prefix="details")


class OfferForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("party", "kind of offer"), choices=UnitOffer.Kind.choices
    )
    description = forms.CharField(label=_("What is offered"), max_length=200)


class CommitmentForm(forms.Form):
    title = forms.CharField(label=_("Project"), max_length=100)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())


class FollowUpForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    status = forms.ChoiceField(
        label=_("Status now"), choices=Commitment.Status.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Progress"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class AllianceForm(forms.Form):
    node = forms.ModelChoiceField(label=_("District or street"), queryset=None)
    name = forms.CharField(label=_("Name of the alliance"), max_length=100)
    founded_on = forms.DateField(label=_("Founded on"), widget=DateInput(), required=False)

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = places


class _UnitLabelled(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.community.name}）"


class _TeamLabelled(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.node.name}）"


class AllianceUnitForm(forms.Form):
    unit = _UnitLabelled(label=_("Co-building unit"), queryset=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class AllianceTeamForm(forms.Form):
    team = _TeamLabelled(label=_("Volunteer team"), queryset=None)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class PairingForm(forms.Form):
    unit = _UnitLabelled(label=_("Co-building unit"), queryset=None)
    team = _TeamLabelled(label=_("Community team"), queryset=None)
    started_on = forms.DateField(
        label=_("Paired since"), widget=DateInput(), initial=timezone.localdate
    )
    activities = forms.CharField(
        label=_("What they do together"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, units, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["team"].queryset = teams


class PairingEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput(), initial=timezone.localdate)
    record = forms.CharField(
        label=_("What came of it"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
