"""Appointing and ending posts (街长, 巷长, 楼长, 网格员, 支部书记, 社区书记, 社区工作人员, 街道工作人员)."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.captained import building_of, captain_post_counted, captained_kept
from communities.models import Node, Post
from communities.scoping import CAPTAIN_POSTS, MANAGING_POSTS, scope_for_user, scope_forget
from core.layout import layout_forget
from notifications.services import notify

P, K = Post.Kind, Node.Kind
# The places a post may be held over.
POST_PLACES: dict[str, set[str]] = {
    P.STREET_CHIEF: {K.STREET_SEGMENT},
    P.LANE_CHIEF: {K.STREET_SEGMENT},
    P.BUILDING_CAPTAIN: {K.BUILDING, K.UNIT},
    P.GRID_WORKER: {K.GRID},
    P.BRANCH_SECRETARY: {K.COMMUNITY, K.GRID, K.COMPOUND, K.BUILDING, K.STREET_SEGMENT},
    P.COMMUNITY_SECRETARY: {K.COMMUNITY},
    P.COMMUNITY_STAFF: {K.COMMUNITY},
    P.STREET_STAFF: {K.STREET},
    P.DISTRICT_STAFF: {K.DISTRICT, K.CITY},
}
STAFF_GROUP_NAME = "社区治理工作人员"
# What holders of managing posts may do in the admin; the scope limits where.
STAFF_GROUP_MODELS = {
    "communities": [
        "node",
        "household",
        "residency",
        "post",
        "patrollog",
        "patrolphoto",
        "dailyreport",
        "evaluationround",
        "evaluationentry",
        "allowance",
        "importjob",
        "responsibilityteam",
    ],
    "party": [
        "partybranch",
        "partymember",
        "cobuildingunit",
        "partyofficer",
        "partytransfer",
        "servicepost",
        "servicereport",
        "unitoffer",
        "commitment",
        "commitmentfollowup",
    ],
}


def staff_group() -> Group:
    """The admin group of managing posts, created (with its permissions) on first use."""
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP_NAME)
    models_of_apps = Q()
    for app_label, models in STAFF_GROUP_MODELS.items():
        models_of_apps |= Q(content_type__app_label=app_label, content_type__model__in=models)
    permissions = Permission.objects.filter(models_of_apps)
    # A model added to the list later (responsibility teams) reaches existing groups too.
    if group.permissions.count() != permissions.count():
        group.permissions.set(permissions)
    return group


def _check_actor_may_appoint(actor, node: Node) -> None:
    # actor None: the system itself (demo, imports run by a management command).
    if actor is None:
        return
    if not scope_for_user(actor).manages(node):
        raise ValidationError(
            _("You may only appoint posts inside your own area."), code="out_of_scope"
        )


@transaction.atomic
def post_appoint(
    *,
    actor,
    user,
    node: Node,
    kind: str,
    starts_on: datetime.date | None = None,
    notify_holder: bool = True,
) -> Post:
    """Appoint `user` to a post over `node` from `starts_on` (today by default)."""
    if node.kind not in POST_PLACES[kind]:
        raise ValidationError(
            _("A %(post)s cannot be appointed over a %(kind)s.")
            % {"post": P(kind).label, "kind": K(node.kind).label},
            code="bad_place",
        )
    _check_actor_may_appoint(actor, node)
    starts_on = starts_on or timezone.localdate()
    if Post.objects.filter(kind=kind, user=user, node=node, ends_on__isnull=True).exists():
        raise ValidationError(_("This person already holds this post."), code="already_holds")
    with captained_kept([building_of(node)] if kind in CAPTAIN_POSTS else []):
        post = Post.objects.create(
            kind=kind, user=user, node=node, starts_on=starts_on, appointed_by=actor
        )
        captain_post_counted(post, +1)
    if kind in MANAGING_POSTS:
        # Managing posts work in the admin; the scope keeps them to their own subtree.
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(staff_group())
    audit_record(
        actor=actor,
        action="communities.post_appoint",
        target=post,
        scope_path=node.path,
        details={"kind": kind, "user_id": user.pk, "starts_on": starts_on.isoformat()},
    )
    if notify_holder:
        notify(
            user,
            title=_("You have been appointed %(post)s") % {"post": P(kind).label},
            body=node.full_name,
            url=reverse("communities:my_community"),
            category="communities",
        )
    scope_forget(user)
    layout_forget([user.pk])
    return post


@transaction.atomic
def post_end(*, actor, post: Post, ends_on: datetime.date | None = None) -> Post:
    """End a post's term; the row stays as history."""
    post = Post.objects.select_for_update().select_related("node", "user").get(pk=post.pk)
    if post.ends_on is not None:
        raise ValidationError(_("This post has already ended."), code="already_ended")
    _check_actor_may_appoint(actor, post.node)
    ends_on = ends_on or timezone.localdate()
    if ends_on < post.starts_on:
        raise ValidationError(_("A term cannot end before it starts."), code="bad_date")
    post.ends_on = ends_on
    with captained_kept([building_of(post.node)] if post.kind in CAPTAIN_POSTS else []):
        post.save(update_fields=["ends_on"])
        captain_post_counted(post, -1)
    user = post.user
    still_managing = Post.objects.filter(
        user=user, ends_on__isnull=True, kind__in=MANAGING_POSTS
    ).exists()
    if not still_managing:
        user.groups.remove(staff_group())
    audit_record(
        actor=actor,
        action="communities.post_end",
        target=post,
        scope_path=post.node.path,
        details={"kind": post.kind, "user_id": user.pk, "ends_on": ends_on.isoformat()},
    )
    scope_forget(user)
    layout_forget([user.pk])
    return post
