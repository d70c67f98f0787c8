"""Checks every party service shares."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from communities.models import Node
from communities.scoping import scope_for_user


def check_scope(actor, node: Node) -> None:
    """Refuse a place outside the actor's area (actor None: the system itself)."""
    if actor is not None and not scope_for_user(actor).contains(node):
        raise ValidationError(_("This place is outside your area."), code="out_of_scope")
