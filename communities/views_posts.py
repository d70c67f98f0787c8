"""Captains' posts for staff without the admin: who looks after each building of a place, which
buildings have nobody, appoint a captain, end a term. Scoped; writes through
communities.services.posts (which checks the scope again and audits)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities import staffing
from communities.forms import AppointCaptainForm, EndPostForm
from communities.models import Node, Post
from communities.scoping import CAPTAIN_POSTS, get_in_scope_or_404, require_managing_scope
from communities.services import post_appoint, post_end
from core.outcomes import run_and_flash, run_on_form


def _place(request, scope) -> Node:
    """The place asked for (?node=), inside the scope, else the first place of the scope."""
    pk = request.GET.get("node", "")
    if pk.isdigit():
        return get_in_scope_or_404(Node.objects.all(), user=request.user, pk=int(pk), node_field="")
    return scope.roots[0]


@login_required
def captain_posts(request):
    scope = require_managing_scope(request.user)
    node = _place(request, scope)
    context = {
        "node": node,
        "posts": Paginator(staffing.captain_posts_at(node=node), 50).get_page(
            request.GET.get("page")
        ),
        "missing": Paginator(staffing.buildings_without_captain(node=node), 50).get_page(
            request.GET.get("mpage")
        ),
        "end_form": EndPostForm(),
    }
    return render(request, "communities/captain_posts.html", context)


@login_required
def captain_appoint(request, pk: int):
    require_managing_scope(request.user)
    node = get_in_scope_or_404(
        Node.objects.filter(kind__in=staffing.CAPTAIN_PLACE_KINDS),
        user=request.user,
        pk=pk,
        node_field="",
    )
    form = AppointCaptainForm(request.POST or None, node=node)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: post_appoint(
                actor=request.user,
                user=form.cleaned_data["phone"],
                node=node,
                kind=form.cleaned_data["kind"],
                starts_on=form.cleaned_data["starts_on"],
            ),
            _("The captain is appointed and told."),
        )
        if done:
            return redirect(f"{reverse('communities:captain_posts')}?node={node.pk}")
    return render(request, "communities/captain_appoint.html", {"form": form, "node": node})


@login_required
@require_POST
def captain_end(request, pk: int):
    require_managing_scope(request.user)
    post = get_in_scope_or_404(
        Post.objects.filter(kind__in=CAPTAIN_POSTS).select_related("node"), user=request.user, pk=pk
    )
    form = EndPostForm(request.POST)
    place = request.POST.get("back", "")
    back = redirect(
        reverse("communities:captain_posts") + (f"?node={place}" if place.isdigit() else "")
    )
    if not form.is_valid():
        messages.error(request, _("The end date is not a date like 2026-10-06."))
        return back
    run_and_flash(
        request,
        lambda: post_end(actor=request.user, post=post, ends_on=form.cleaned_data["ends_on"]),
        _("The term has ended; the post stays in the history."),
    )
    return back
