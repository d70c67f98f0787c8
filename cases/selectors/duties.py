"""Cases as a captain's duty, for the allowance (registered with communities.duties): of the cases
dispatched to a post in a month, how many the holder started handling within 24 hours
("1-hour grid patrol, 24-hour response")."""

import datetime

from django.utils import timezone

from cases.models import CaseEvent

RESPONSE_LIMIT = datetime.timedelta(hours=24)


def captain_case_responses(
    post_ids: list[int], first: datetime.date, last: datetime.date
) -> dict[int, tuple[int, int]]:
    """{post id: (cases dispatched to it in [first, last], started within 24 hours)}; two queries."""
    if not post_ids:
        return {}
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        last + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    dispatches = list(
        CaseEvent.objects.filter(
            action=CaseEvent.Action.DISPATCH,
            to_post_id__in=post_ids,
            created_at__gte=start,
            created_at__lt=end,
        ).values_list("case_id", "to_post_id", "created_at")
    )
    starts: dict[int, list[datetime.datetime]] = {}
    for case_id, at in CaseEvent.objects.filter(
        action=CaseEvent.Action.START, case_id__in={d[0] for d in dispatches}
    ).values_list("case_id", "created_at"):
        starts.setdefault(case_id, []).append(at)
    result: dict[int, tuple[int, int]] = {}
    for case_id, post_id, dispatched_at in dispatches:
        answered = [at for at in starts.get(case_id, []) if at >= dispatched_at]
        on_time = bool(answered) and min(answered) - dispatched_at <= RESPONSE_LIMIT
        assigned, in_time = result.get(post_id, (0, 0))
        result[post_id] = (assigned + 1, in_time + int(on_time))
    return result
