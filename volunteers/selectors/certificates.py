"""Certificates of a volunteer and the public check by number."""

from __future__ import annotations

from django.db.models import QuerySet

from volunteers.models import Certificate


def certificates_of_user(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(volunteer=user).select_related("issuer")


def certificate_by_number(number: str) -> Certificate | None:
    number = (number or "").strip().upper()
    if not number or len(number) > 32:
        return None
    return Certificate.objects.select_related("issuer").filter(number=number).first()
