"""What the care app holds about a person, for their own personal-data export (PIPL art. 45).

The person sees their own tags with the legal basis and retention, their visits and their
counselling bookings (without the counsellor's notes, which are the counsellor's working
record); nothing about anyone else.
"""

from care.models import CareTag, CounsellingBooking, Visit


def care_export_for_user(user) -> dict:
    tags = CareTag.objects.filter(residency__user=user, removed_at__isnull=True).select_related(
        "tag_type"
    )
    visits = Visit.objects.filter(residency__user=user).order_by("-visited_at")[:200]
    bookings = CounsellingBooking.objects.filter(resident=user).select_related("community")
    return {
        "tags": [
            {
                "tag": tag.tag_type.name,
                "level": tag.get_level_display(),
                "note": tag.note,
                "legal_basis": tag.get_legal_basis_display(),
                "consent_on": tag.consent_on.isoformat() if tag.consent_on else None,
                "keep_until": tag.retain_until.isoformat(),
            }
            for tag in tags
        ],
        "visits": [
            {
                "visited_at": visit.visited_at.isoformat(),
                "seen_in_person": visit.seen_in_person,
                "finding": visit.finding,
            }
            for visit in visits
        ],
        "counselling": [
            {
                "when": booking.starts_at.isoformat(),
                "community": booking.community.name,
                "status": booking.get_status_display(),
                "my_note": booking.resident_note,
            }
            for booking in bookings
        ],
    }
