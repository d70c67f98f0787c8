"""REST API of a provider's catalogue: its services and the slots it opens for them.

Scoped as the provider's pages are (its staff, or staff looking after its place; everyone
else 404) and written through the same services (bookings/services/catalogue.py), so every
rule and refusal code is theirs.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings import services
from bookings.api.provider_serializers import (
    ProviderOfferInputSerializer,
    ProviderOfferSerializer,
    ProviderSlotCancelInputSerializer,
    ProviderSlotInputSerializer,
    ProviderSlotSerializer,
    ProviderWeeklySlotsInputSerializer,
)
from bookings.models import ServiceOffer, Slot
from bookings.provider_forms import places_choosable
from bookings.selectors import appointments as selectors
from bookings.selectors.providers import provider_get_for_runner

OFFER_REFUSALS = (
    "Refusals: 400 with code invalid_kind, missing_name, invalid_duration, invalid_capacity, "
    "invalid_price or place_outside."
)
SLOT_REFUSALS = (
    "Refusals: 400 with code inactive, invalid_time, past, too_far, invalid_capacity or "
    "duplicate (weekly also no_days, invalid_weeks, no_slots, too_many: nothing is opened)."
)


def _places(provider, ids: list[int] | None):
    """The places named by id, each one the provider's pages offer (else 400, naming none)."""
    if ids is None:
        return None
    places = list(places_choosable(provider).filter(pk__in=set(ids)))
    if len(places) != len(set(ids)):
        raise ValidationError(
            _("Choose places among those the provider serves."), code="place_outside"
        )
    return places


def _offer_answer(offer: ServiceOffer, *, status_code=status.HTTP_200_OK) -> Response:
    annotated = selectors.offers_of_provider(offer.provider).get(pk=offer.pk)
    return Response(ProviderOfferSerializer(annotated).data, status=status_code)


class ProviderOfferListView(generics.ListAPIView):
    serializer_class = ProviderOfferSerializer
    queryset = ServiceOffer.objects.none()

    @extend_schema(summary="A provider's services, retired ones last (its staff; others 404)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        provider = provider_get_for_runner(user=self.request.user, pk=self.kwargs["pk"])
        return selectors.offers_of_provider(provider)

    @extend_schema(
        request=ProviderOfferInputSerializer,
        responses={201: ProviderOfferSerializer},
        summary="Add a service to the provider's catalogue",
        description=OFFER_REFUSALS,
    )
    def post(self, request, pk: int):
        provider = provider_get_for_runner(user=request.user, pk=pk)
        data = ProviderOfferInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("is_active", None)
        places = _places(provider, values.pop("places", None)) or []
        offer = services.service_offer_create(
            actor=request.user, provider=provider, places=places, **values
        )
        return _offer_answer(offer, status_code=status.HTTP_201_CREATED)


class ProviderOfferView(APIView):
    @extend_schema(responses=ProviderOfferSerializer, summary="One service of the provider")
    def get(self, request, pk: int):
        return _offer_answer(selectors.offer_get_for_runner(user=request.user, pk=pk))

    @extend_schema(
        request=ProviderOfferInputSerializer,
        responses=ProviderOfferSerializer,
        summary="Change a service (slots already open keep their times and capacity)",
        description=OFFER_REFUSALS,
    )
    def patch(self, request, pk: int):
        offer = selectors.offer_get_for_runner(user=request.user, pk=pk)
        data = ProviderOfferInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        places = _places(offer.provider, values.pop("places", None))
        offer = services.service_offer_update(
            actor=request.user, offer=offer, places=places, **values
        )
        return _offer_answer(offer)


class ProviderOfferRetireView(APIView):
    @extend_schema(
        request=None,
        responses=ProviderOfferSerializer,
        summary="Retire a service: no longer booked, the appointments made stay",
    )
    def post(self, request, pk: int):
        offer = selectors.offer_get_for_runner(user=request.user, pk=pk)
        offer = services.service_offer_update(actor=request.user, offer=offer, is_active=False)
        return _offer_answer(offer)


class ProviderSlotListView(generics.ListAPIView):
    serializer_class = ProviderSlotSerializer
    queryset = Slot.objects.none()

    @extend_schema(summary="A service's slots from today on, called-off ones included")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        offer = selectors.offer_get_for_runner(user=self.request.user, pk=self.kwargs["pk"])
        return selectors.slots_of_offer(offer, since=timezone.localdate())

    @extend_schema(
        request=ProviderSlotInputSerializer,
        responses={201: ProviderSlotSerializer},
        summary="Open one slot",
        description=SLOT_REFUSALS,
    )
    def post(self, request, pk: int):
        offer = selectors.offer_get_for_runner(user=request.user, pk=pk)
        data = ProviderSlotInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slot = services.slot_create(actor=request.user, offer=offer, **data.validated_data)
        return Response(ProviderSlotSerializer(slot).data, status=status.HTTP_201_CREATED)


class ProviderSlotsWeeklyView(APIView):
    @extend_schema(
        request=ProviderWeeklySlotsInputSerializer,
        responses={201: ProviderSlotSerializer(many=True)},
        summary="Open a weekly pattern of slots at once (all or nothing)",
        description=SLOT_REFUSALS,
    )
    def post(self, request, pk: int):
        offer = selectors.offer_get_for_runner(user=request.user, pk=pk)
        data = ProviderWeeklySlotsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slots = services.slots_create_weekly(actor=request.user, offer=offer, **data.validated_data)
        return Response(
            ProviderSlotSerializer(slots, many=True).data, status=status.HTTP_201_CREATED
        )


class ProviderSlotCancelView(APIView):
    @extend_schema(
        request=ProviderSlotCancelInputSerializer,
        responses=ProviderSlotSerializer,
        summary="Call a slot off: its appointments cancelled, hours given back, people told",
        description="Refusals: 400 with code already_cancelled or closed.",
    )
    def post(self, request, pk: int):
        slot = selectors.slot_get_for_runner(user=request.user, pk=pk)
        data = ProviderSlotCancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slot = services.slot_cancel(
            actor=request.user, slot=slot, reason=data.validated_data.get("reason", "")
        )
        return Response(ProviderSlotSerializer(slot).data)
