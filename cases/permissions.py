"""Who may take which action on a case: the permission table beside the state table
(`cases/states.py`). Services, selectors and views ask here; it imports no service, so the
selectors can use it without importing the services.
"""

from __future__ import annotations

from cases.models import Case, CaseEvent
from communities.models import Post
from communities.scoping import scope_for_user

# Posts a case can be dispatched to: people who handle problems on the ground or in the office.
DISPATCHABLE_POSTS = {
    Post.Kind.BUILDING_CAPTAIN,
    Post.Kind.LANE_CHIEF,
    Post.Kind.STREET_CHIEF,
    Post.Kind.GRID_WORKER,
    Post.Kind.COMMUNITY_STAFF,
    Post.Kind.COMMUNITY_SECRETARY,
    Post.Kind.STREET_STAFF,
}


def is_manager(user, case: Case) -> bool:
    """Staff (street, community, grid worker) whose area holds the case's place."""
    if user is None:
        return True  # the system itself (demo, tasks)
    return scope_for_user(user).manages(case.node)


def is_assignee(user, case: Case) -> bool:
    post = case.assignee_post
    return (
        user is not None and post is not None and post.ends_on is None and post.user_id == user.pk
    )


def may(action: str, user, case: Case) -> bool:
    """Whether `user` may take `action` on `case` (the state table is checked separately).

    Callers pass a case loaded with node and assignee_post; verify needs the timeline.
    """
    if action in (CaseEvent.Action.RATE, CaseEvent.Action.REOPEN):
        return user is not None and user.pk == case.reporter_id
    if action == CaseEvent.Action.ACCEPT:
        return is_manager(user, case) or is_assignee(user, case)
    if action in (CaseEvent.Action.REJECT, CaseEvent.Action.DISPATCH, CaseEvent.Action.MERGE):
        return is_manager(user, case)
    if action in (
        CaseEvent.Action.START,
        CaseEvent.Action.RETURN,
        CaseEvent.Action.HOLD,
        CaseEvent.Action.SUBMIT,
    ):
        return is_assignee(user, case) or is_manager(user, case)
    if action in (CaseEvent.Action.VERIFY_PASS, CaseEvent.Action.VERIFY_FAIL):
        return is_manager(user, case) and not is_handler(user, case)
    return False


def is_handler(user, case: Case) -> bool:
    """The assignee, or whoever submitted the latest result: they may not verify it."""
    if user is None:
        return False
    if is_assignee(user, case):
        return True
    event = (
        case.events.filter(action=CaseEvent.Action.SUBMIT).order_by("-created_at", "-pk").first()
    )
    return event is not None and event.actor_id == user.pk
