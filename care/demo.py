"""Demo care data for 祖庙街道: care roles for the demo captain, grid worker and community
staff, a legal adviser and a counsellor, and one elder living alone on the register with a
weekly visit plan. Idempotent: what exists is left alone."""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.demo import demo_user
from care import services
from care.models import CareRole, CareTag, CareTagType, VisitPlan
from communities.models import Household, Residency
from core.demo import DemoContext


def _grant(actor, user, node, kind) -> None:
    if CareRole.objects.filter(user=user, node=node, kind=kind, ended_at__isnull=True).exists():
        return
    # A demo tree without that post leaves the role out.
    with contextlib.suppress(ValidationError):
        services.care_role_grant(actor=actor, user=user, node=node, kind=kind)


def seed_demo(context: DemoContext) -> None:
    data = context.data
    if "building" not in data or "street_staff" not in data:
        return
    street_staff, community, building = data["street_staff"], data["community"], data["building"]
    _grant(street_staff, data["community_staff"], community, CareRole.Kind.CARE_STAFF)
    _grant(street_staff, data["captain"], building, CareRole.Kind.CAPTAIN)
    grid = data.get("grid")
    if grid is not None and building.is_descendant_of(grid):
        _grant(street_staff, data["grid_worker"], grid, CareRole.Kind.GRID_WORKER)
    adviser = demo_user("13800000061", "周律师")
    counsellor = demo_user("13800000062", "林心怡")
    _grant(street_staff, adviser, community, CareRole.Kind.LEGAL_ADVISER)
    _grant(street_staff, counsellor, community, CareRole.Kind.COUNSELLOR)
    context.add_login("法律顾问 legal adviser", adviser.phone)
    context.add_login("心理咨询师 counsellor", counsellor.phone)

    elder = demo_user("13800000060", "陈秀英")
    household = (
        Household.objects.filter(building.subtree_q("node"))
        .exclude(pk=data["household"].pk)
        .order_by("node__path", "room")
        .first()
    )
    if household is None:
        return
    residency, _created = Residency.objects.get_or_create(
        user=elder,
        household=household,
        defaults={"relation": Residency.Relation.HEAD, "status": Residency.Status.APPROVED},
    )
    staff = data["community_staff"]
    keep = timezone.localdate() + datetime.timedelta(days=3 * 365)
    for name, level, note in (
        ("独居", CareTag.Level.ATTENTION, "耳背，敲门要大声"),
        ("高龄(80岁以上)", CareTag.Level.NORMAL, ""),
    ):
        tag_type = CareTagType.objects.filter(name=name).first()
        if (
            tag_type is None
            or CareTag.objects.filter(
                residency=residency, tag_type=tag_type, removed_at__isnull=True
            ).exists()
        ):
            continue
        try:
            tag = services.care_tag_add(
                actor=staff,
                residency=residency,
                tag_type=tag_type,
                level=level,
                note=note,
                legal_basis=CareTag.LegalBasis.STATUTORY_DUTY,
                basis_note="民政特殊群体台账",
                retain_until=keep,
            )
        except ValidationError:
            continue
        if name == "独居" and not VisitPlan.objects.filter(tag=tag).exists():
            services.visit_plan_set(actor=staff, tag=tag, every_days=7, assignee=data["captain"])
