"""What the app holds about a person, for their export."""

from __future__ import annotations

from consultations.models import (
    Ballot,
    Comment,
    CouncilMember,
    Matter,
)


def personal_data_export(user) -> dict:
    """The resident's own matters, comments and council seats (ballots stay secret: only
    which consultations they took part in)."""
    return {
        "matters": [
            {"title": m.title, "status": m.get_status_display(), "at": m.created_at.isoformat()}
            for m in Matter.objects.filter(proposer=user).order_by("created_at")
        ],
        "comments": [
            {"matter": c.matter.title, "text": c.body, "at": c.created_at.isoformat()}
            for c in Comment.objects.filter(author=user).select_related("matter")
        ],
        "council_seats": [
            {
                "council": s.council.name,
                "role": s.get_role_display(),
                "from": s.starts_on.isoformat(),
                "to": s.ends_on.isoformat() if s.ends_on else None,
            }
            for s in CouncilMember.objects.filter(user=user).select_related("council")
        ],
        "ballots_cast": [
            {"consultation": b.consultation.question, "at": b.cast_at.isoformat()}
            for b in Ballot.objects.filter(cast_by=user).select_related("consultation")
        ],
    }
