"""Quiz defaults as a setting per place (registered in QuizzesConfig.ready()): the rules a new
campaign of a street or community starts with. The Campaign model's field defaults (the 6·26
campaign's rules) stay the deployment's default; a campaign keeps its own rules once made."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.place_settings import PlaceSettingSpec, register_place_setting

QUIZ_DEFAULTS = "quizzes.defaults"
RULE_FIELDS = (
    "streak_length",
    "points_per_correct",
    "daily_point_cap",
    "seconds_per_question",
    "daily_draw_limit",
)


class QuizDefaultsForm(forms.Form):
    streak_length = forms.IntegerField(
        label=_("correct answers in a row for a draw"), min_value=1, max_value=100
    )
    points_per_correct = forms.IntegerField(
        label=_("points per correct answer once the streak is reached"), min_value=0, max_value=100
    )
    daily_point_cap = forms.IntegerField(label=_("daily point cap"), min_value=0, max_value=10000)
    seconds_per_question = forms.IntegerField(
        label=_("seconds allowed per question"),
        min_value=5,
        max_value=600,
        required=False,
        help_text=_("Empty: no time limit."),
    )
    daily_draw_limit = forms.IntegerField(
        label=_("draws per day"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("Empty: no limit."),
    )


def quiz_defaults_default() -> dict:
    """The Campaign model's own defaults."""
    from quizzes.models import Campaign

    fields = {field.name: field for field in Campaign._meta.fields}
    return {name: fields[name].get_default() for name in RULE_FIELDS}


def quiz_defaults(node) -> dict:
    """The rules a new campaign at `node` starts with (the nearest place that sets them)."""
    from communities.place_settings import place_setting

    return place_setting(node, QUIZ_DEFAULTS)


def register() -> None:
    register_place_setting(
        PlaceSettingSpec(
            key=QUIZ_DEFAULTS,
            label=_("Quiz defaults"),
            form=QuizDefaultsForm,
            default=quiz_defaults_default,
            help_text=_(
                "A new quiz campaign starts with these rules; each campaign may change them."
            ),
        )
    )
