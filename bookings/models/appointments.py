"""Appointment slots: a provider's catalogue of services (助浴, 助洁, 理发, 义诊 …), the time
slots it opens for each with a capacity, and the residents' appointments in them.

Data and constraints only; the rules are in bookings/services/appointments.py. `Slot.booked`
counts the live appointments and is only ever raised by a conditional update, so a slot can
never hold more than its capacity (also a database check).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bookings.models.providers import Provider
from communities.models import Node


class ServiceOffer(models.Model):
    """One bookable service in a provider's catalogue."""

    class Kind(models.TextChoices):
        MEAL = "meal", _("Meal help")
        BATH = "bath", _("Bathing help")
        CLEANING = "cleaning", _("Cleaning help")
        MEDICAL = "medical", _("Medical escort")
        HAIRCUT = "haircut", _("Haircut")
        REPAIR = "repair", _("Repairs")
        FREE_CLINIC = "free_clinic", _("Free clinic")
        LEGAL = "legal", _("Legal consultation")
        OTHER = "other", _("Other service")

    provider = models.ForeignKey(
        Provider,
        on_delete=models.CASCADE,
        related_name="offers",
        verbose_name=pgettext_lazy("provider", "provider"),
    )
    kind = models.CharField(pgettext_lazy("service", "kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    price_minutes = models.PositiveIntegerField(
        _("price in time-bank minutes"),
        default=0,
        help_text=_("0 when the provider does not take time-bank hours for this service."),
    )
    duration_minutes = models.PositiveIntegerField(_("duration in minutes"), default=60)
    capacity = models.PositiveIntegerField(
        _("people per slot"),
        default=1,
        help_text=_("How many people one slot takes, unless a slot says otherwise."),
    )
    places = models.ManyToManyField(
        Node,
        blank=True,
        related_name="+",
        verbose_name=_("places served"),
        help_text=_("Where this service is offered; none: every place the provider serves."),
    )
    is_active = models.BooleanField(pgettext_lazy("provider", "active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("service offered")
        verbose_name_plural = _("services offered")
        ordering = ["provider", "kind", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, duration_minutes__gte=5),
                name="bookings_offer_capacity_and_duration",
            ),
        ]

    def __str__(self):
        return f"{self.provider} · {self.name}"


class Slot(models.Model):
    """A time in which a service can be booked by up to `capacity` people."""

    offer = models.ForeignKey(
        ServiceOffer, on_delete=models.CASCADE, related_name="slots", verbose_name=_("service")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"))
    booked = models.PositiveIntegerField(_("booked"), default=0, editable=False)
    # Set when the provider calls the slot off: its appointments are cancelled with it.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appointment slot")
        verbose_name_plural = _("appointment slots")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="bookings_slot_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")), name="bookings_slot_not_overbooked"
            ),
        ]

    def __str__(self):
        return f"{self.offer} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def left(self) -> int:
        return max(0, self.capacity - self.booked)


class Appointment(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", pgettext_lazy("appointment", "Booked")
        CANCELLED = "cancelled", pgettext_lazy("appointment", "Cancelled")
        DONE = "done", pgettext_lazy("appointment", "Served")
        NO_SHOW = "no_show", pgettext_lazy("appointment", "Did not come")

    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("slot")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="appointments",
        verbose_name=_("person served"),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("booked by"),
    )
    status = models.CharField(
        pgettext_lazy("appointment", "status"),
        max_length=12,
        choices=Status.choices,
        default=Status.BOOKED,
    )
    paid_minutes = models.PositiveIntegerField(_("paid in time-bank minutes"), default=0)
    # The grid of the person's home, kept at booking so reports group without walking the tree.
    grid = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grid"),
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "person"],
                condition=~Q(status="cancelled"),
                name="bookings_appointment_once_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5, status="done"),
                name="bookings_appointment_rating_1_to_5_after_service",
            ),
        ]

    def __str__(self):
        return f"{self.slot} · {self.person}"
