"""The resident's own reports for their personal-data export (PIPL)."""

from cases.models import Case


def cases_export_for_user(user) -> list[dict]:
    cases = (
        Case.objects.filter(reporter=user)
        .select_related("category", "node")
        .prefetch_related("events")
        .order_by("created_at")
    )
    return [
        {
            "number": case.pk,
            "category": case.category.name,
            "description": case.description,
            "place": case.place_display,
            "latitude": str(case.latitude) if case.latitude is not None else None,
            "longitude": str(case.longitude) if case.longitude is not None else None,
            "state": case.get_state_display(),
            "reported_at": case.created_at.isoformat(),
            "timeline": [
                {
                    "action": event.get_action_display(),
                    "time": event.created_at.isoformat(),
                    "note": event.note,
                    "satisfaction": event.satisfaction,
                }
                for event in case.events.all()
            ],
        }
        for case in cases
    ]
