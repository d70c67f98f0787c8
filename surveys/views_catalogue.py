"""The needs catalogue's staff page (需求清单): street and district staff add, rename and
retire categories and items; the services write and audit, these pages only ask."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.outcomes import act_and_redirect, run_on_form
from surveys import catalogue, selectors
from surveys.forms import NeedCategoryForm, NeedItemForm
from surveys.models import NeedCategory, NeedItem


def _require_keeper(user) -> None:
    if not selectors.can_keep_catalogue(user):
        raise Http404


def _prefixed(request, form_class, prefix, **kwargs):
    posted = request.method == "POST" and request.POST.get("form") == prefix
    return form_class(request.POST if posted else None, prefix=prefix, **kwargs), posted


@login_required
def catalogue_page(request):
    _require_keeper(request.user)
    category_form, category_posted = _prefixed(request, NeedCategoryForm, "category")
    item_form, item_posted = _prefixed(request, NeedItemForm, "item")
    if category_posted and category_form.is_valid():
        data = category_form.cleaned_data
        if run_on_form(
            request,
            category_form,
            lambda: catalogue.need_category_save(actor=request.user, **data),
            _("The category was added."),
        ):
            return redirect("surveys:catalogue")
    if item_posted and item_form.is_valid():
        data = item_form.cleaned_data
        if run_on_form(
            request,
            item_form,
            lambda: catalogue.need_item_save(actor=request.user, **data),
            _("The need was added."),
        ):
            return redirect("surveys:catalogue")
    return render(
        request,
        "surveys/catalogue.html",
        {
            "categories": selectors.catalogue_for_keepers(),
            "category_form": category_form,
            "item_form": item_form,
        },
    )


@login_required
def category_edit(request, pk: int):
    _require_keeper(request.user)
    category = get_object_or_404(NeedCategory, pk=pk)
    initial = {"name": category.name, "position": category.position}
    form = NeedCategoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_on_form(
            request,
            form,
            lambda: catalogue.need_category_save(actor=request.user, category=category, **data),
            _("The category was saved."),
        ):
            return redirect("surveys:catalogue")
    return render(
        request, "surveys/catalogue_edit.html", {"form": form, "title": _("Rename a category")}
    )


@login_required
def item_edit(request, pk: int):
    _require_keeper(request.user)
    item = get_object_or_404(NeedItem, pk=pk)
    fields = ["category", "name", "team_kind", "services", "position"]
    form = NeedItemForm(request.POST or None, initial={f: getattr(item, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_on_form(
            request,
            form,
            lambda: catalogue.need_item_save(actor=request.user, item=item, **data),
            _("The need was saved."),
        ):
            return redirect("surveys:catalogue")
    return render(request, "surveys/catalogue_edit.html", {"form": form, "title": _("Edit a need")})


@login_required
@require_POST
def item_active(request, pk: int):
    _require_keeper(request.user)
    item = get_object_or_404(NeedItem, pk=pk)
    active = request.POST.get("active") == "1"
    return act_and_redirect(
        request,
        lambda: catalogue.need_items_set_active(actor=request.user, items=[item], active=active),
        _("The need is offered again.") if active else _("The need was retired."),
        "surveys:catalogue",
    )


@login_required
@require_POST
def category_retire(request, pk: int):
    _require_keeper(request.user)
    category = get_object_or_404(NeedCategory, pk=pk)
    return act_and_redirect(
        request,
        lambda: catalogue.need_items_set_active(
            actor=request.user, items=list(category.items.all()), active=False
        ),
        _("All needs of the category were retired."),
        "surveys:catalogue",
    )
