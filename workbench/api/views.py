from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from communities.scoping import require_managing_scope, scope_for_user
from workbench import selectors
from workbench.api import serializers as s
from workbench.performance import participation_equity, place_performance
from workbench.queues import workbench_ledger_alert, workbench_queues


class PlaceListView(APIView):
    """The places whose dashboard I may read: the tops of my area (none unless I am staff)."""

    @extend_schema(responses=s.PlaceSerializer(many=True))
    def get(self, request):
        scope = scope_for_user(request.user)
        places = selectors.workbench_places(scope=scope) if scope.managing else []
        return Response(s.PlaceSerializer(places, many=True).data)


class DashboardView(APIView):
    """A place's workbench: what needs staff now, and how it is doing over a period compared
    across its child places (cases per CJ/T 315, patrols, hours, events, quizzes, coupons,
    participation equity). Places outside my area answer 404."""

    @extend_schema(parameters=[s.DashboardQuerySerializer], responses=s.DashboardSerializer)
    def get(self, request, pk: int):
        scope = require_managing_scope(request.user)
        query = s.DashboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = {"start": query.validated_data["start"], "end": query.validated_data["end"]}
        node = selectors.workbench_place_get(scope=scope, pk=pk)
        groups = workbench_queues(node=node)
        figures = place_performance(node=node, **period)
        data = {
            "place": node,
            "breadcrumb": selectors.workbench_breadcrumb(scope=scope, node=node),
            "children": selectors.workbench_children(node=node),
            "queues": [
                {**queue.__dict__, "group": group.key, "label": str(queue.label)}
                for group in groups
                for queue in group.queues
            ],
            "this_week": [
                {**item, "title": str(item["title"]), "detail": str(item["detail"])}
                for group in groups
                if group.key == "this_week"
                for item in group.items
            ],
            "overdue_projects": [
                {
                    "title": item["title"],
                    "due_on": item["when"],
                    "detail": str(item["detail"]),
                    "url": item["url"],
                }
                for group in groups
                if group.key == "party"
                for item in group.items
            ],
            "ledger_alert": workbench_ledger_alert(node=node) is not None,
            **period,
            "total": figures["total"],
            "places": figures["children"],
            "equity": participation_equity(node=node, **period),
        }
        return Response(s.DashboardSerializer(data).data)
