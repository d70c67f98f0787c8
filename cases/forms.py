"""Forms of the cases pages; choices always come from the user's own places and area."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases import selectors
from cases.models import Category, Satisfaction, State
from communities.models import Node, Post
from communities.selectors import place_labels
from core.forms import MultiplePhotoField
from core.widgets import DateInput
from party.models import CoBuildingUnit


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class ReportForm(forms.Form):
    # No kind is chosen for the reporter: a preselected first kind had hurried residents file
    # rubbish as 乱摆卖.
    category = CategoryChoiceField(
        label=_("What kind of problem?"),
        queryset=Category.objects.none(),
        empty_label=_("Choose the kind of problem"),
        error_messages={"required": _("Choose what kind of problem it is.")},
    )
    description = forms.CharField(
        label=_("What is the problem?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: rubbish has been piled at the gate of building 5 for two days."),
    )
    photos = MultiplePhotoField(
        capture="environment",
        label=_("Photos (up to 9)"),
        required=False,
        help_text=_("Take photos with the camera or choose them from the album."),
    )
    node = forms.ModelChoiceField(
        label=_("Where?"),
        queryset=Node.objects.none(),
        required=False,
        empty_label=_("Somewhere else"),
        help_text=_("Not in the list? Write the address below."),
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    # Filled by the "use my location" button (cases/report.js), never typed by a person.
    latitude = forms.DecimalField(
        required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput
    )
    longitude = forms.DecimalField(
        required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput
    )

    def __init__(self, *args, user, named_place: Node | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = selectors.leaf_categories()
        places = selectors.report_places_for_user(user=user)
        if named_place is not None:
            places = Node.objects.filter(
                Q(pk__in=places.values("pk")) | Q(pk=named_place.pk)
            ).order_by("path")
        self.fields["node"].queryset = places
        # Short names ("塔坡小区 5栋 1单元"): the full path from the street office was cut off on a
        # phone, worst in large text.
        labels = place_labels(places)
        self.fields["node"].label_from_instance = lambda node: labels.get(node.pk, node.name)

    def clean(self):
        data = super().clean()
        if "latitude" in self.errors or "longitude" in self.errors:
            self.add_error(
                None, _("Your location could not be read. Try again or write the address.")
            )
        located = data.get("latitude") is not None and data.get("longitude") is not None
        if not data.get("node") and not (data.get("address") or "").strip() and not located:
            self.add_error("address", _("Choose a place, write the address or use my location."))
        return data


def report_place_named(value: str) -> Node | None:
    """The building (or unit, compound, street) a link names for a report; None if malformed."""
    if not value.isdigit() or len(value) > 12:
        return None
    return Node.objects.filter(
        pk=int(value),
        kind__in=[Node.Kind.BUILDING, Node.Kind.UNIT, Node.Kind.COMPOUND, Node.Kind.STREET_SEGMENT],
    ).first()


class NoteForm(forms.Form):
    note = forms.CharField(
        label=pgettext_lazy("cases", "Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RequiredNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


# The result and the on-site check note are the office's answer that public lists show.
PUBLIC_NOTE_HELP = _(
    "This note may be shown to the public as the office's answer: write no names, phone numbers "
    "or room numbers."
)


class SubmitForm(forms.Form):
    note = forms.CharField(
        label=_("What was done?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=PUBLIC_NOTE_HELP,
    )
    photos = MultiplePhotoField(
        capture="environment", label=_("Photos of the result"), required=False
    )


class VerifyForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("On-site check"),
        choices=[("1", _("Solved: close the case")), ("0", _("Not solved: send it back"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=pgettext_lazy("cases", "Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=PUBLIC_NOTE_HELP,
    )


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("How satisfied are you?"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    reopen = forms.BooleanField(
        label=_("Not solved: reopen the case (only if unsatisfied, within 7 days)"),
        required=False,
    )


class PostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, post):
        return f"{post.get_kind_display()} {post.user.name_for_display} · {post.node.name}"


class DispatchForm(forms.Form):
    post = PostChoiceField(label=_("To a post"), queryset=Post.objects.none(), required=False)
    unit = forms.ModelChoiceField(
        label=_("Or to a co-building unit"), queryset=CoBuildingUnit.objects.none(), required=False
    )
    note = forms.CharField(label=pgettext_lazy("cases", "Note"), required=False, max_length=2000)

    def __init__(self, *args, user, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        targets = selectors.dispatch_targets(user=user, case=case)
        self.fields["post"].queryset = targets["posts"]
        self.fields["unit"].queryset = targets["units"]

    def clean(self):
        data = super().clean()
        if bool(data.get("post")) == bool(data.get("unit")):
            raise forms.ValidationError(_("Choose one post or one co-building unit."))
        return data


class BulkDispatchForm(DispatchForm):
    accept_pending = forms.BooleanField(
        label=_("Accept (立案) the ticked cases still waiting, then dispatch them"),
        required=False,
        initial=True,
    )


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Number of the original case"), min_value=1)


class BoardFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *State.choices]
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("All categories"),
    )
    node = forms.ModelChoiceField(
        label=_("Place"), queryset=Node.objects.none(), required=False, empty_label=_("My area")
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        # Filter by the upper levels only (a street has thousands of buildings).
        self.fields["node"].queryset = scope.places(
            [Node.Kind.STREET, Node.Kind.COMMUNITY, Node.Kind.GRID, Node.Kind.COMPOUND]
        )
        self.fields["node"].label_from_instance = lambda node: node.full_name
        self.fields["category"].queryset = Category.objects.select_related("parent")


class IndicatorForm(forms.Form):
    node = forms.ModelChoiceField(label=_("Place"), queryset=Node.objects.none(), required=False)
    start = forms.DateField(
        label=pgettext_lazy("cases", "From"),
        widget=DateInput(),
    )
    end = forms.DateField(
        label=pgettext_lazy("cases", "Until"),
        widget=DateInput(),
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = scope.places(
            [Node.Kind.STREET, Node.Kind.COMMUNITY, Node.Kind.GRID]
        )
        self.fields["node"].label_from_instance = lambda node: node.full_name

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end date is before the start date."))
            if (end - start).days > 366 * 2:
                raise forms.ValidationError(_("Choose at most two years."))
        return data
