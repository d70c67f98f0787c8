"""Settings per place for the staff who may set them: what holds at a place, where it comes
from, a form per setting, and the history of changes (from the audit log)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import AuditEntry
from communities.models import Node
from communities.place_settings import (
    SETTABLE_KINDS,
    place_setting_spec,
    place_setting_specs,
    place_setting_with_source,
)
from communities.scoping import get_in_scope_or_404, require_managing_scope
from communities.services.place_settings import (
    may_edit_settings,
    place_setting_clear,
    place_setting_set,
)

HISTORY_ACTIONS = ["communities.place_setting_set", "communities.place_setting_clear"]


def _editable_node(request, pk: int) -> Node:
    require_managing_scope(request.user)
    node = get_in_scope_or_404(Node.objects.all(), user=request.user, pk=pk, node_field="")
    if node.kind not in SETTABLE_KINDS or not may_edit_settings(request.user, node):
        raise Http404
    return node


@login_required
def settings_places(request):
    """The places whose settings the user may change (their office's place and below)."""
    scope = require_managing_scope(request.user)
    places = [n for n in scope.managed_places(SETTABLE_KINDS) if may_edit_settings(request.user, n)]
    if not places:
        raise Http404
    return render(request, "communities/settings_places.html", {"places": places})


@login_required
def settings_place(request, pk: int):
    node = _editable_node(request, pk)
    rows = []
    codes = set()
    for spec in place_setting_specs():
        if node.kind not in spec.kinds:
            continue
        value, source = place_setting_with_source(node, spec.key)
        codes.add(source)
        rows.append(
            {
                "spec": spec,
                "source": source,
                "own": source == node.code,
                "form": spec.form(initial=value, prefix=spec.key.replace(".", "-")),
            }
        )
    sources = dict(Node.objects.filter(code__in=codes - {None}).values_list("code", "name"))
    for row in rows:
        row["source_name"] = sources.get(row["source"], "")
    history = AuditEntry.objects.filter(
        action__in=HISTORY_ACTIONS,
        target_type=ContentType.objects.get_for_model(Node),
        target_id=str(node.pk),
    ).select_related("actor")[:20]
    history = [_history_line(entry) for entry in history]
    return render(
        request,
        "communities/settings_place.html",
        {"node": node, "rows": rows, "history": history},
    )


def _history_line(entry: AuditEntry) -> dict:
    """One change as staff read it: the setting's label and its fields before and after."""
    details = entry.details or {}
    try:
        spec = place_setting_spec(details.get("key", ""))
    except KeyError:
        return {"entry": entry, "label": details.get("key", ""), "old": [], "new": []}
    return {
        "entry": entry,
        "label": spec.label,
        "old": spec.describe(details.get("old")),
        "new": spec.describe(details.get("new")),
    }


@login_required
@require_POST
def settings_save(request, pk: int, key: str):
    node = _editable_node(request, pk)
    try:
        spec = place_setting_spec(key)
    except KeyError:
        raise Http404 from None
    try:
        if request.POST.get("clear"):
            place_setting_clear(actor=request.user, node=node, key=key)
            messages.success(
                request, _("%(setting)s now follows the place above.") % {"setting": spec.label}
            )
        else:
            form = spec.form(request.POST, prefix=key.replace(".", "-"))
            if not form.is_valid():
                raise ValidationError(
                    [m for errors in form.errors.values() for m in errors], code="invalid_value"
                )
            place_setting_set(actor=request.user, node=node, key=key, value=form.cleaned_data)
            messages.success(request, _("%(setting)s saved.") % {"setting": spec.label})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("communities:settings_place", pk=node.pk)
