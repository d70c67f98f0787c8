"""Pages of the communities app: thin, every read through selectors and the scope."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.masking import name_in_full
from communities import selectors, services
from communities.forms import (
    BuildingSearchForm,
    ClaimForm,
    DailyReportForm,
    ImportUploadForm,
    NodeSearchForm,
    PatrolForm,
    RejectForm,
)
from communities.home_search import home_query_parse
from communities.models import ImportJob, Node, Post
from communities.scoping import require_managing_scope, scope_for_user
from communities.services import imports
from communities.services.teams import TEAM_OWNER_KINDS
from core.forms import show_refusal
from core.outcomes import run_and_flash, run_on_form
from core.qr import qr_data_uri

# What each post promises residents; shown on the building board (公示牌).
DUTIES = {
    Post.Kind.BUILDING_CAPTAIN: [
        "每日巡查楼栋，发现问题及时上报、跟进处理",
        "收集居民意见建议，传达社区通知",
        "核实本楼住户信息，协助开展社区活动",
    ],
    Post.Kind.LANE_CHIEF: ["每日巡查巷内环境与安全", "调解邻里矛盾，反映居民诉求"],
    Post.Kind.STREET_CHIEF: ["每日巡查街面秩序与市容", "协调商户落实门前三包"],
}


# --- residents -------------------------------------------------------------------------------


@login_required
def my_community(request):
    user = request.user
    scope = scope_for_user(user)
    context = {
        **selectors.user_contacts(user),
        "claims": [
            {
                "residency": residency,
                "reviewer": _reviewer_text(selectors.claim_reviewer(residency.household.node))
                if residency.status == "pending"
                else "",
            }
            for residency in selectors.residencies_of_user(user)
            if residency.status != "approved"
        ],
        "captain_posts": list(selectors.captain_posts_of_user(user)),
        "manages": scope.managing,
    }
    return render(request, "communities/my_community.html", context)


@login_required
def claim_start(request):
    form = BuildingSearchForm(request.GET or None)
    buildings, home = [], None
    if form.is_valid() and form.cleaned_data["q"]:
        buildings = list(selectors.claimable_buildings(query=form.cleaned_data["q"]))
        home = home_query_parse(form.cleaned_data["q"])
    # The unit and room the resident typed travel to step 2, which preselects that room.
    room_query = urlencode({"unit": home.unit, "room": home.room}) if home and home.room else ""
    return render(
        request,
        "communities/claim_start.html",
        {"form": form, "buildings": buildings, "room_query": room_query},
    )


def _reviewer_text(post) -> str:
    """Who will check a claim, said truthfully: the captain by name, else the community office."""
    if post is None:
        return _("Your community office will check it soon.")
    return _("%(post)s %(name)s will check it soon.") % {
        "post": post.get_kind_display(),
        "name": post.user.name_for_display,
    }


@login_required
def claim_household(request, pk: int):
    building = get_object_or_404(Node, pk=pk, kind=Node.Kind.BUILDING)
    households = selectors.households_for_claim(building=building)
    initial = {}
    named = selectors.household_matching(
        households, unit=request.GET.get("unit", "")[:10], room=request.GET.get("room", "")[:20]
    )
    if named is not None:
        initial["household"] = named.pk
    form = ClaimForm(request.POST or None, households=households, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            residency = services.household_claim(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            reviewer = selectors.claim_reviewer(residency.household.node)
            messages.success(
                request, _("Your claim was sent. %(who)s") % {"who": _reviewer_text(reviewer)}
            )
            return redirect("communities:my_community")
    reviewer = selectors.claim_reviewer(building)
    return render(
        request,
        "communities/claim_household.html",
        {"form": form, "building": building, "reviewer": reviewer},
    )


@login_required
@require_POST
def invitation_accept(request, pk: int):
    residency = selectors.invitation_get_for_user(user=request.user, pk=pk)
    run_and_flash(
        request,
        lambda: services.residency_invitation_accept(user=request.user, residency=residency),
        _("Thank you. Your home is now linked."),
    )
    return redirect("communities:my_community")


@login_required
@require_POST
def invitation_decline(request, pk: int):
    residency = selectors.invitation_get_for_user(user=request.user, pk=pk)
    run_and_flash(
        request,
        lambda: services.residency_invitation_decline(user=request.user, residency=residency),
        _("Noted: you are not linked to that home."),
    )
    return redirect("communities:my_community")


# --- captains --------------------------------------------------------------------------------


# What a captain patrols: buildings (楼长), and the lanes and streets of 巷长 and 街长.
PATROLLED_KINDS = [Node.Kind.BUILDING, Node.Kind.STREET_SEGMENT]


def _captain_buildings(user):
    """The places a captain looks after: buildings and their units, lanes and streets."""
    scope = scope_for_user(user)
    if scope.is_empty:
        raise Http404
    return scope.places([*PATROLLED_KINDS, Node.Kind.UNIT])


@login_required
def my_building(request, pk: int | None = None):
    buildings = _captain_buildings(request.user).filter(kind__in=PATROLLED_KINDS)
    if pk is None:
        first = buildings.first()
        if first is None:
            raise Http404
        pk = first.pk
    building = get_object_or_404(buildings, pk=pk)
    page = Paginator(selectors.households_of_node(node=building), 40).get_page(
        request.GET.get("page")
    )
    claims = selectors.claims_pending_for_user(user=request.user).filter(
        building.subtree_q("household__node")
    )
    context = {
        "building": building,
        "buildings": list(buildings[:20]),
        "page": page,
        "claims": claims,
        "patrols": selectors.patrol_logs_for_user(user=request.user).filter(
            building.subtree_q("building")
        )[:5],
        "patrolled_today": selectors.patrol_logs_for_user(user=request.user)
        .filter(building.subtree_q("building"), date=timezone.localdate())
        .exists(),
        "reject_form": RejectForm(),
    }
    return render(request, "communities/my_building.html", context)


def _decide_redirect(request, residency):
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("communities:my_building")


@login_required
@require_POST
def claim_approve(request, pk: int):
    residency = selectors.residency_get_for_user(user=request.user, pk=pk)
    run_and_flash(
        request,
        lambda: services.residency_approve(actor=request.user, residency=residency),
        _("%(name)s is now a resident of %(room)s.")
        % {"name": residency.user.name_for_display, "room": residency.household.room},
    )
    return _decide_redirect(request, residency)


@login_required
@require_POST
def claim_reject(request, pk: int):
    residency = selectors.residency_get_for_user(user=request.user, pk=pk)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    run_and_flash(
        request,
        lambda: services.residency_reject(actor=request.user, residency=residency, reason=reason),
        _("The claim was rejected and the resident told."),
    )
    return _decide_redirect(request, residency)


@login_required
def patrol_new(request):
    buildings = _captain_buildings(request.user)
    initial = {}
    building = request.GET.get("building", "")
    if building.isascii() and building.isdigit():  # a link's preselection; anything else is ignored
        initial["building"] = buildings.filter(pk=building).first()
    form = PatrolForm(
        request.POST or None, request.FILES or None, buildings=buildings, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.patrol_log_create(
                captain=request.user,
                building=form.cleaned_data["building"],
                findings=form.cleaned_data["findings"],
                has_problem=form.cleaned_data["has_problem"],
                photos=form.cleaned_data["photos"],
            ),
            _("Today's patrol is recorded. Thank you!"),
        )
        if done:
            return redirect("communities:my_building")
    return render(request, "communities/patrol_form.html", {"form": form})


@login_required
def daily_report(request):
    places = _captain_buildings(request.user)
    form = DailyReportForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.daily_report_submit(captain=request.user, **form.cleaned_data),
            _("Today's report is saved."),
        )
        if done:
            return redirect("communities:my_building")
    return render(request, "communities/daily_report.html", {"form": form})


def building_board(request, code: str):
    """The public board (公示牌) of a building: no log-in, printable on A4.

    The QR code on the stairway wall opens it. Passers-by see the captain's phone masked; a
    signed-in resident of the building (or someone who looks after it) sees it in full, to
    call or text. Everyone signed in may report a problem here.
    """
    building = get_object_or_404(Node, code=code, kind=Node.Kind.BUILDING)
    board = selectors.building_board(building=building)
    url = request.build_absolute_uri(reverse("communities:board", args=[building.code]))
    duties = DUTIES[board["captains"][0].kind] if board["captains"] else DUTIES["building_captain"]
    scope = scope_for_user(request.user) if request.user.is_authenticated else None
    sees_phones = scope is not None and (scope.lives_under(building) or scope.contains(building))
    return render(
        request,
        "communities/board.html",
        {
            **board,
            "qr": qr_data_uri(url),
            "board_url": url,
            "duties": duties,
            "sees_phones": sees_phones,
            "report_url": reverse("cases:new") + "?" + urlencode({"node": building.pk}),
        },
    )


# --- staff -----------------------------------------------------------------------------------


@login_required
def tree(request):
    scope = require_managing_scope(request.user)
    form = NodeSearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = list(selectors.node_search(scope=scope, query=form.cleaned_data["q"]))
    return render(
        request,
        "communities/tree.html",
        {"form": form, "roots": scope.roots, "results": results},
    )


@login_required
def node_detail(request, pk: int):
    require_managing_scope(request.user)
    node = selectors.node_get_for_user(user=request.user, pk=pk)
    scope = scope_for_user(request.user)
    # Breadcrumbs stop at the top of the user's own area.
    ancestors = [a for a in node.ancestors() if scope.contains(a)]
    context = {
        "node": node,
        "ancestors": ancestors,
        "posts": node.posts.filter(ends_on__isnull=True).select_related("user"),
        "children": Paginator(selectors.node_children(node=node), 50).get_page(
            request.GET.get("page")
        ),
        "households": None,
    }
    if node.kind in {Node.Kind.BUILDING, Node.Kind.UNIT}:
        context["households"] = Paginator(selectors.households_of_node(node=node), 50).get_page(
            request.GET.get("hpage")
        )
    return render(request, "communities/node_detail.html", context)


@login_required
def captains_missing(request):
    scope = require_managing_scope(request.user)
    page = Paginator(selectors.captains_without_patrol(scope=scope), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "communities/captains_missing.html", {"page": page, "today": timezone.localdate()}
    )


@login_required
def claims_pending(request):
    require_managing_scope(request.user)
    page = Paginator(selectors.claims_pending_for_user(user=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request, "communities/claims_pending.html", {"page": page, "reject_form": RejectForm()}
    )


# --- imports ---------------------------------------------------------------------------------


def _import_roots(scope):
    return scope.managed_places([Node.Kind.STREET, Node.Kind.COMMUNITY])


@login_required
def import_upload(request):
    scope = require_managing_scope(request.user)
    roots = _import_roots(scope)
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, roots=roots, initial={"root": roots.first()}
    )
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: imports.import_job_create(
                user=request.user,
                kind=form.cleaned_data["kind"],
                root=form.cleaned_data["root"],
                upload=form.cleaned_data["file"],
            ),
        )
        if done:
            return redirect("communities:import_detail", pk=done.result.pk)
    jobs = scope.filter(ImportJob.objects.select_related("root"), "root")[:10]
    return render(request, "communities/import_upload.html", {"form": form, "jobs": jobs})


@login_required
def import_detail(request, pk: int):
    scope = require_managing_scope(request.user)
    job = get_object_or_404(scope.filter(ImportJob.objects.select_related("root"), "root"), pk=pk)
    template = "communities/import_detail.html"
    if request.headers.get("HX-Request"):
        template = "communities/_import_progress.html"
    return render(request, template, {"job": job})


@login_required
@require_POST
def import_confirm(request, pk: int):
    scope = require_managing_scope(request.user)
    job = get_object_or_404(scope.filter(ImportJob.objects.all(), "root"), pk=pk)
    run_and_flash(request, lambda: imports.import_job_confirm(job=job, user=request.user))
    return redirect("communities:import_detail", pk=job.pk)


@login_required
def teams(request):
    """承责团队: the teams the user leads (their places, with links to follow them) or organises."""
    scope = scope_for_user(request.user)
    rows = list(selectors.teams_for_user(user=request.user))
    if not rows and not scope.managing:
        raise Http404
    try:
        reverse("workbench:place", args=[0])
        place_url = "workbench:place"
    except NoReverseMatch:
        place_url = "communities:node"
    return render(
        request,
        "communities/teams.html",
        {
            "teams": [
                {
                    "team": team,
                    "places": [(p, reverse(place_url, args=[p.pk])) for p in team.places.all()],
                    "leaders": [name_in_full(u) for u in team.leaders.all()],
                    "leads": any(u.pk == request.user.pk for u in team.leaders.all()),
                    "may_edit": scope.manages(team.owner) and request.user.is_staff,
                }
                for team in rows
            ],
            "may_add": request.user.is_staff
            and bool(scope.managed_places(TEAM_OWNER_KINDS).exists()),
        },
    )
