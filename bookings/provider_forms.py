"""Forms of a provider's own pages: a service of its catalogue, one slot, a weekly pattern,
a staff member added by mobile number."""

import datetime as dt
from decimal import Decimal
from functools import reduce
from operator import or_

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.phones import MobilePhoneField
from bookings.models import Provider, ServiceOffer
from communities.models import Node
from core.widgets import DateInput, TimeInput

# Places a service may be limited to: down to the grid (a building is too fine for a catalogue).
PLACE_KINDS = (Node.Kind.STREET, Node.Kind.COMMUNITY, Node.Kind.GRID)

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


def places_choosable(provider: Provider):
    """The provider's places and the communities and grids under them."""
    served = list(provider.places.all())
    if not served:
        return Node.objects.none()
    under = reduce(or_, (place.subtree_q() for place in served))
    return Node.objects.filter(under, kind__in=PLACE_KINDS).order_by("path")


class ServiceOfferForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of service"), choices=ServiceOffer.Kind.choices)
    name = forms.CharField(label=_("Name residents see"), max_length=100)
    description = forms.CharField(
        label=_("What is included (optional)"), max_length=300, required=False
    )
    duration_minutes = forms.IntegerField(
        label=_("How long it takes (minutes)"), min_value=5, max_value=720, initial=60
    )
    capacity = forms.IntegerField(
        label=_("People per slot"), min_value=1, max_value=1000, initial=1
    )
    takes_hours = forms.BooleanField(label=_("Time-bank hours accepted"), required=False)
    price_hours = forms.DecimalField(
        label=_("Price in time-bank hours"),
        min_value=Decimal("0.25"),
        max_value=Decimal("24"),
        decimal_places=2,
        required=False,
        help_text=_("For example 1 or 0.5; residents then may pay with their service hours."),
    )
    places = forms.ModelMultipleChoiceField(
        label=_("Only in these places"),
        queryset=Node.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick none to offer it everywhere the provider serves."),
    )

    def __init__(self, *args, provider: Provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["places"].queryset = places_choosable(provider)
        self.fields["places"].label_from_instance = lambda node: node.full_name

    def clean(self):
        data = super().clean()
        if data.get("takes_hours") and not data.get("price_hours"):
            self.add_error("price_hours", _("Give the price in hours, or untick the time bank."))
        return data

    def price_minutes(self) -> int:
        if not self.cleaned_data.get("takes_hours"):
            return 0
        return int(self.cleaned_data["price_hours"] * 60)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "name": data["name"],
            "description": data["description"],
            "duration_minutes": data["duration_minutes"],
            "capacity": data["capacity"],
            "price_minutes": self.price_minutes(),
        }

    @classmethod
    def initial_for(cls, offer: ServiceOffer) -> dict:
        return {
            "kind": offer.kind,
            "name": offer.name,
            "description": offer.description,
            "duration_minutes": offer.duration_minutes,
            "capacity": offer.capacity,
            "takes_hours": bool(offer.price_minutes),
            "price_hours": Decimal(offer.price_minutes) / 60 if offer.price_minutes else None,
            "places": list(offer.places.all()),
            "is_active": offer.is_active,
        }


class ServiceOfferEditForm(ServiceOfferForm):
    is_active = forms.BooleanField(label=_("Still offered"), required=False)

    def service_fields(self) -> dict:
        return {**super().service_fields(), "is_active": self.cleaned_data["is_active"]}


def _local(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())


class SlotForm(forms.Form):
    """Shown beside the weekly form on one page: the views give each its own prefix."""

    day = forms.DateField(label=pgettext_lazy("slot time", "Day"), widget=DateInput())
    starts = forms.TimeField(label=pgettext_lazy("slot time", "From"), widget=TimeInput())
    ends = forms.TimeField(
        label=pgettext_lazy("slot time", "Until (optional)"),
        widget=TimeInput(),
        required=False,
        help_text=_("Empty: as long as the service takes."),
    )
    capacity = forms.IntegerField(
        label=_("People (optional)"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("Empty: the service's people per slot."),
    )

    def times(self) -> tuple[dt.datetime, dt.datetime | None]:
        data = self.cleaned_data
        ends = _local(data["day"], data["ends"]) if data.get("ends") else None
        return _local(data["day"], data["starts"]), ends


class WeeklySlotsForm(forms.Form):
    first_day = forms.DateField(label=_("From the day"), widget=DateInput())
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On these days of the week"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    starts = forms.TimeField(label=pgettext_lazy("slot time", "From"), widget=TimeInput())
    ends = forms.TimeField(label=pgettext_lazy("slot time", "Until"), widget=TimeInput())
    weeks = forms.IntegerField(label=_("For how many weeks"), min_value=1, max_value=26, initial=1)
    capacity = forms.IntegerField(
        label=_("People per slot (optional)"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("Empty: the service's people per slot."),
    )
    split = forms.BooleanField(
        label=_("Cut the time into slots as long as the service"),
        required=False,
        help_text=_("A 30-minute haircut from 9:00 to 11:00 gives four slots."),
    )


class SlotCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason told to those booked"), max_length=200, required=False)


class ProviderStaffForm(forms.Form):
    phone = MobilePhoneField(
        label=_("Mobile number of the staff member"),
        help_text=_("The person signs up on the portal with this number first."),
    )
    is_manager = forms.BooleanField(label=_("Manager (may add and remove staff)"), required=False)
