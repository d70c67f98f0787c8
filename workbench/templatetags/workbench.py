"""The admin index shows the same counts as the workbench, for the places the user runs."""

from django import template

from communities.scoping import scope_for_user
from workbench.queues import workbench_queues
from workbench.selectors import workbench_places

register = template.Library()

# A superuser's scope holds every street; the admin index names only the first few.
ADMIN_INDEX_PLACES = 3


@register.inclusion_tag("workbench/_admin_counts.html", takes_context=True)
def workbench_admin_counts(context):
    scope = scope_for_user(context["request"].user)
    if not scope.managing:
        return {"summaries": []}
    places = workbench_places(scope=scope)[:ADMIN_INDEX_PLACES]
    return {"summaries": [(node, workbench_queues(node=node)) for node in places]}
