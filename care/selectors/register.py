"""Reads of the care register. Every read of a person's record writes an audit row.

The audit is part of the read: a page, the API and an export all call these functions, so no
interface can show a tag without leaving a trace (who, when, which people, from where).
Refused reads (a record outside the reader's care scope) are audited as refused and answer 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from audit.models import AuditEntry
from care.access import CareAccess, care_access_for_user
from care.common import care_audit
from care.models import CareTag, CareTagType
from communities.models import Node, Residency

PAGE_SIZE = 20


def live_tags() -> QuerySet[CareTag]:
    return CareTag.objects.filter(removed_at__isnull=True).select_related("tag_type")


def people_in_care_scope(access: CareAccess) -> QuerySet[Residency]:
    """Residents with at least one live tag in the places the reader's care roles cover."""
    with_tags = CareTag.objects.filter(removed_at__isnull=True).values("residency_id")
    people = Residency.objects.filter(pk__in=with_tags).select_related("user", "household__node")
    return access.register.filter(people, "household__node")


@dataclass(frozen=True)
class RegisterFilters:
    place: Node | None = None
    tag_type: CareTagType | None = None
    level: int | None = None
    search: str = ""


def care_register_queryset(*, user, filters: RegisterFilters | None = None) -> QuerySet:
    """The register's people (live tags prefetched as `live_tags`), NOT audited: whoever shows
    a page of it calls `care_register_audit` with the people shown."""
    access = care_access_for_user(user)
    if not access.has_register:
        raise Http404
    filters = filters or RegisterFilters()
    people = people_in_care_scope(access)
    if filters.place is not None:
        people = people.filter(filters.place.subtree_q("household__node"))
    tag_filter = Q(removed_at__isnull=True)
    if filters.tag_type is not None:
        tag_filter &= Q(tag_type=filters.tag_type)
    if filters.level is not None:
        tag_filter &= Q(level__gte=filters.level)
    if filters.tag_type is not None or filters.level is not None:
        people = people.filter(pk__in=CareTag.objects.filter(tag_filter).values("residency_id"))
    if filters.search:
        people = people.filter(user__real_name__icontains=filters.search)
    return people.order_by("household__node__path", "household__room", "pk").prefetch_related(
        Prefetch("care_tags", queryset=live_tags(), to_attr="live_tags")
    )


def care_register_audit(*, user, people, ip_address: str | None = None) -> None:
    care_audit(
        actor=user,
        action="register.read",
        target=None,
        node=None,
        ip_address=ip_address,
        people=[person.pk for person in people],
    )


def care_register_page(
    *,
    user,
    filters: RegisterFilters | None = None,
    page: int | str | None = 1,
    ip_address: str | None = None,
    page_size: int = PAGE_SIZE,
) -> Page:
    """A page of the register: people with their live tags; the people shown are audited."""
    people = care_register_queryset(user=user, filters=filters)
    result = Paginator(people, page_size).get_page(page)
    care_register_audit(user=user, people=result.object_list, ip_address=ip_address)
    return result


def care_person_read(*, user, pk, ip_address: str | None = None) -> Residency:
    """One resident's care record (live tags attached as `live_tags`); audited, else 404."""
    access = care_access_for_user(user)
    person = (
        access.register.filter(Residency.objects.all(), "household__node")
        .select_related("user", "household__node")
        .prefetch_related(Prefetch("care_tags", queryset=live_tags(), to_attr="live_tags"))
        .filter(pk=pk)
        .first()
    )
    if person is None or not person.live_tags:
        care_audit(
            actor=user,
            action="person.read",
            target=None,
            node=None,
            ip_address=ip_address,
            outcome=AuditEntry.Outcome.REFUSED,
            residency=str(pk)[:32],
        )
        raise Http404
    care_audit(
        actor=user,
        action="person.read",
        target=person,
        node=person.household.node,
        ip_address=ip_address,
        tags=[tag.pk for tag in person.live_tags],
    )
    return person


def care_tag_read(*, user, pk, ip_address: str | None = None, for_change: bool = False) -> CareTag:
    """One tag for a reader in scope (care staff only when `for_change`); audited, else 404."""
    access = care_access_for_user(user)
    scope = access.staff if for_change else access.register
    tag = (
        scope.filter(live_tags(), "residency__household__node")
        .select_related("residency__user", "residency__household__node")
        .filter(pk=pk)
        .first()
    )
    if tag is None:
        care_audit(
            actor=user,
            action="tag.read",
            target=None,
            node=None,
            ip_address=ip_address,
            outcome=AuditEntry.Outcome.REFUSED,
            tag=str(pk)[:32],
        )
        raise Http404
    care_audit(
        actor=user,
        action="tag.read",
        target=tag,
        node=tag.residency.household.node,
        ip_address=ip_address,
    )
    return tag


def residents_for_tagging(*, user) -> QuerySet[Residency]:
    """The confirmed residents care staff may put a tag on (their places only)."""
    access = care_access_for_user(user)
    return access.staff.filter(
        Residency.objects.filter(status=Residency.Status.APPROVED), "household__node"
    ).select_related("user", "household__node")


def tag_types_in_use() -> QuerySet[CareTagType]:
    return CareTagType.objects.filter(is_active=True)
