from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Node
from quizzes.models import Category, Question


class ImportForm(forms.Form):
    node = forms.ModelChoiceField(
        label=_("Question bank of"), queryset=Node.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label=_("File"), help_text=_("Excel (.xlsx), Moodle GIFT (.gift or .txt) or Moodle XML.")
    )
    category = forms.ModelChoiceField(
        label=_("Category for questions that name none"),
        queryset=Category.objects.all(),
        required=False,
    )
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty for questions that name none"),
        choices=Question.Difficulty.choices,
        coerce=int,
        initial=Question.Difficulty.MEDIUM,
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the user's own street or communities: a bank elsewhere is never offered.
        self.fields["node"].queryset = scope.managed_places([Node.Kind.STREET, Node.Kind.COMMUNITY])
