"""Filing a report (信息采集): check it, route it to the responsible post, start its clock."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.counters import case_counted
from cases.models import Case, CaseEvent, Category, Open311Client, State
from cases.place_settings import category_rules
from cases.services.common import event_record, notify_people, photos_clean
from cases.worktime import WorkCalendar
from communities.acting import act_for_check, act_for_record
from communities.models import Node
from communities.scoping import scope_for_user
from communities.selectors import households_of_user, responsible_post_for_node

MAX_DESCRIPTION = 2000
MAX_MEDIA_URL = Case._meta.get_field("media_url").max_length


def _fallback_node(reporter) -> Node | None:
    """Where a report with only a free address is filed: the reporter's own community (its
    staff know the area best), else the top of the reporter's area, else the street."""
    household = households_of_user(reporter).first()
    if household is not None and household.node.community is not None:
        return household.node.community
    scope = scope_for_user(reporter)
    if scope.roots:
        return scope.roots[0]
    return Node.objects.filter(kind=Node.Kind.STREET).order_by("path").first()


def _check_coordinates(latitude, longitude) -> tuple[Decimal | None, Decimal | None]:
    if latitude is None and longitude is None:
        return None, None
    if latitude is None or longitude is None:
        raise ValidationError(
            _("Give both latitude and longitude, or neither."), code="bad_coordinates"
        )
    try:
        lat, lon = Decimal(str(latitude)), Decimal(str(longitude))
    except ArithmeticError:
        raise ValidationError(_("The coordinates are not numbers."), code="bad_coordinates")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError(_("The coordinates are out of range."), code="bad_coordinates")
    return lat.quantize(Decimal("0.000001")), lon.quantize(Decimal("0.000001"))


def _check_media_url(media_url: str) -> str:
    """An Open311 client's photo link: a web address we keep (never fetch) and show to those who
    may see the case in full."""
    media_url = (media_url or "").strip()
    if not media_url:
        return ""
    message = _(
        "The photo link must be a web address (http or https) of at most %(count)d characters."
    )
    error = ValidationError(message % {"count": MAX_MEDIA_URL}, code="bad_media_url")
    if len(media_url) > MAX_MEDIA_URL:
        raise error
    try:
        URLValidator(schemes=["http", "https"])(media_url)
    except ValidationError:
        raise error from None
    return media_url


@transaction.atomic
def case_report(
    *,
    reporter,
    category: Category,
    description: str,
    node: Node | None = None,
    address: str = "",
    latitude=None,
    longitude=None,
    photos=None,
    source: str = Case.Source.WEB,
    open311_client: Open311Client | None = None,
    media_url: str = "",
    actor=None,
) -> Case:
    """File a report at a place of the tree or a free address; route it and notify the post.

    `actor`: a captain or staff member reporting for the resident (代办), who must live in
    their scope (`out_of_scope` otherwise); the timeline names the actor, and the audit entry
    both people.
    """
    actor = actor or reporter
    on_behalf = act_for_check(actor=actor, person=reporter)
    description = (description or "").strip()
    address = (address or "").strip()
    if not category.is_active or category.children.exists():
        raise ValidationError(
            _("Choose a specific kind of problem (a subcategory)."), code="bad_category"
        )
    if not description:
        raise ValidationError(_("Describe the problem."), code="description_required")
    if len(description) > MAX_DESCRIPTION:
        raise ValidationError(
            _("The description may be at most %(count)d characters.") % {"count": MAX_DESCRIPTION},
            code="description_too_long",
        )
    if len(address) > 200:
        raise ValidationError(_("The address is too long."), code="address_too_long")
    latitude, longitude = _check_coordinates(latitude, longitude)
    media_url = _check_media_url(media_url)
    if node is None:
        if not address and latitude is None:
            raise ValidationError(_("Choose a place or write the address."), code="place_required")
        node = _fallback_node(reporter)
        if node is None:
            raise ValidationError(_("The portal has no places yet."), code="no_places")
    # The place's own category rules (cases.categories, the nearest place that sets them).
    rules = category_rules(node)
    if not rules.handles(category):
        raise ValidationError(
            _("%(category)s is not handled at this place: choose another kind of problem.")
            % {"category": category.name},
            code="category_not_here",
        )
    response_limit, response_unit, resolve_limit, resolve_unit = rules.limits(category)
    cleaned = photos_clean(photos)

    now = timezone.now()
    calendar = WorkCalendar.load(node)
    post = responsible_post_for_node(node)
    case = Case.objects.create(
        category=category,
        description=description,
        reporter=reporter,
        node=node,
        address=address,
        latitude=latitude,
        longitude=longitude,
        source=source,
        open311_client=open311_client,
        media_url=media_url,
        state=State.PENDING,
        assignee_post=post,
        response_due_at=calendar.add(now, response_limit, response_unit),
        resolve_due_at=calendar.add(now, resolve_limit, resolve_unit),
        created_at=now,
    )
    event_record(
        case=case,
        action=CaseEvent.Action.REPORT,
        actor=actor,
        from_state="",
        to_state=State.PENDING,
        photos=cleaned,
        to_post=post,
        created_at=now,
    )
    case_counted(case)
    if post is not None:
        notify_people(
            case,
            [post.user],
            title=_("New case #%(number)d to accept: %(category)s")
            % {"number": case.pk, "category": category.name},
            body=f"{case.place_display}\n{description[:200]}",
            key=f"new:{case.pk}",
        )
    if on_behalf:
        act_for_record(
            actor=actor, person=reporter, action="cases.report", target=case, scope_path=node.path
        )
    return case
