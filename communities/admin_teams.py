"""Admin of 承责团队 for district and street staff: every change goes through `team_save`."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from communities.models import Node, Post, ResponsibilityTeam
from communities.scoping import ScopedAdminMixin, scope_for_user
from communities.services.teams import TEAM_OWNER_KINDS, TEAM_PLACE_KINDS, team_check, team_save
from party.models import CoBuildingUnit


class ResponsibilityTeamForm(forms.ModelForm):
    # The places go through the team's own through model, so the form carries them itself.
    assigned = forms.ModelMultipleChoiceField(
        Node.objects.none(),
        label=_("assigned places"),
        widget=admin.widgets.FilteredSelectMultiple(_("assigned places"), is_stacked=False),
    )
    actor = None

    class Meta:
        model = ResponsibilityTeam
        fields = ["owner", "name", "assigned", "leaders", "units"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for_user(self.actor)
        self.fields["assigned"].queryset = scope.managed_places(TEAM_PLACE_KINDS)
        self.fields["owner"].queryset = scope.managed_places(TEAM_OWNER_KINDS)
        # Leaders are people holding a post in the area (district cadres hold district posts).
        holders = scope.filter(Post.objects.filter(ends_on__isnull=True), "node").values("user")
        self.fields["leaders"].queryset = get_user_model().objects.filter(pk__in=holders)
        self.fields["units"].queryset = scope.filter(
            CoBuildingUnit.objects.select_related("community"), "community"
        )
        if self.instance.pk:
            self.initial["assigned"] = list(self.instance.places.values_list("pk", flat=True))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            team_check(
                actor=self.actor,
                owner=data["owner"],
                name=data.get("name", ""),
                places=list(data.get("assigned", [])),
                units=list(data.get("units", [])),
            )
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error
        return data


@admin.register(ResponsibilityTeam)
class ResponsibilityTeamAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = ResponsibilityTeamForm
    list_display = ["name", "owner"]
    list_select_related = ["owner"]
    search_fields = ["name"]
    filter_horizontal = ["leaders", "units"]

    scope_node_field = "owner"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class TeamFormForActor(form_class):
            actor = request.user

        TeamFormForActor.__name__ = form_class.__name__
        return TeamFormForActor

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        team = team_save(
            actor=request.user,
            owner=data["owner"],
            name=data["name"],
            places=data["assigned"],
            leaders=data["leaders"],
            units=data["units"],
            team=obj if change else None,
        )
        obj.pk = team.pk

    def save_related(self, request, form, formsets, change):
        # team_save set places, leaders and units (and audited them); nothing is left to save.
        pass

    def has_delete_permission(self, request, obj=None):
        return False
