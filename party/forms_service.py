"""Forms of the 双报到 pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Node
from party.models import CoBuildingUnit


class ReportInForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community I live in"), queryset=Node.objects.none())
    work_unit = forms.CharField(label=_("My employer unit"), max_length=100)
    employer = forms.ModelChoiceField(
        label=_("Or choose it if it co-builds with the community"),
        queryset=CoBuildingUnit.objects.none(),
        required=False,
    )

    def __init__(self, *args, communities=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["community"].label_from_instance = lambda node: node.name
        self.fields["employer"].queryset = units
