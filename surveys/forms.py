from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from consultations.forms import PlaceChoiceField
from core.widgets import DateTimeInput
from surveys.models import NeedCategory, Question
from volunteers.models import Team

RATING_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class SurveyForm(forms.Form):
    node = PlaceChoiceField(label=_("To the residents of"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=100)
    intro = forms.CharField(
        label=_("Introduction (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    anonymous = forms.BooleanField(label=_("Anonymous: answers keep no name"), required=False)
    per_household = forms.BooleanField(label=_("One answer per household"), required=False)
    closes_at = forms.DateTimeField(
        label=_("Closes at (optional)"), required=False, widget=DateTimeInput()
    )

    def __init__(self, *args, nodes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=200, required=False)
    choices = forms.CharField(
        label=_("Options, one per line (choice questions)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)

    def cleaned_spec(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data.get("kind"),
            "text": data.get("text", ""),
            "required": data.get("required", False),
            "choices": (data.get("choices") or "").splitlines(),
        }


QuestionFormSet = formset_factory(QuestionForm, extra=6, max_num=30)


class AnswerForm(forms.Form):
    """One field per question, named q<id>; radio and checkbox groups render in a fieldset."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            name = f"q{question.pk}"
            options = [(str(c.pk), c.label) for c in question.choices.all()]
            common = {"label": question.text, "required": question.required}
            if question.kind == Question.Kind.SINGLE:
                field = forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=options, widget=forms.CheckboxSelectMultiple, **common
                )
            elif question.kind == Question.Kind.RATING:
                field = forms.ChoiceField(
                    choices=RATING_CHOICES, widget=forms.RadioSelect, **common
                )
            else:
                field = forms.CharField(
                    max_length=1000, widget=forms.Textarea(attrs={"rows": 3}), **common
                )
            field.question = question
            self.fields[name] = field

    def answers(self) -> dict[int, object]:
        return {
            field.question.pk: self.cleaned_data.get(name) for name, field in self.fields.items()
        }


class NeedCategoryForm(forms.Form):
    name = forms.CharField(label=_("Category name"), max_length=50)
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)


class NeedItemForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=NeedCategory.objects.all(), empty_label=None
    )
    name = forms.CharField(label=_("Need"), max_length=80)
    team_kind = forms.ChoiceField(
        label=_("Volunteer teams that meet it"),
        choices=[("", _("None"))] + list(Team.Kind.choices),
        required=False,
    )
    services = forms.CharField(label=_("Services that meet it"), max_length=200, required=False)
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)
