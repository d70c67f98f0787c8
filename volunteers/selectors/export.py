"""Everything the volunteers app holds about a person, for their personal-data export (PIPL)."""

from __future__ import annotations

from volunteers.selectors.hours import hour_records_of_user
from volunteers.selectors.profiles import profile_for_user
from volunteers.selectors.teams import memberships_of_user
from volunteers.selectors.timebank import relatives_of_user
from volunteers.selectors.wishes import wishes_of_resident


def volunteer_export_for_user(user) -> dict:
    """The volunteer's own records for their personal-data export (PIPL)."""
    profile = profile_for_user(user)
    return {
        "profile": {
            "number": profile.number,
            "community": profile.community.full_name,
            "skills": profile.skills,
            "availability": profile.availability,
            "service_areas": profile.service_areas,
            "verified_minutes": profile.verified_minutes,
            "stars": profile.stars,
        }
        if profile
        else None,
        "teams": [
            {"team": m.team.name, "role": m.get_role_display(), "status": m.get_status_display()}
            for m in memberships_of_user(user)
        ],
        "hours": [
            {
                "date": r.service_date.isoformat(),
                "content": r.content,
                "minutes_claimed": r.minutes_claimed,
                "minutes_verified": r.minutes_verified,
                "status": r.get_status_display(),
            }
            for r in hour_records_of_user(user)
        ],
        "wishes": [
            {"title": w.title, "status": w.get_status_display(), "posted": w.created_at.isoformat()}
            for w in wishes_of_resident(user)
        ],
        "relatives": [
            {"relative": str(link.relative), "relation": link.get_relation_display()}
            for link in relatives_of_user(user)
        ],
    }
