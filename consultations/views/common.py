"""What the residents' and the staff's consultation pages share: a matter's address and the
staff part of a matter page."""

from django.urls import reverse

from consultations.forms import FollowUpForm, ReasonForm, ResolutionForm
from consultations.models import Consultation, Matter


def matter_url(pk: int) -> str:
    return reverse("consultations:matter", args=[pk])


def matter_staff_context(request, matter: Matter) -> dict:
    """The staff part of a matter page: decide, put to a vote, record a resolution."""
    return {
        "decline_form": ReasonForm(),
        "resolution_form": ResolutionForm(
            consultations=matter.consultations.filter(status=Consultation.Status.CLOSED)
        ),
        "follow_up_form": FollowUpForm(),
        "hide_form": ReasonForm(),
    }
