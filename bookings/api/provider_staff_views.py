"""REST API of a provider's staff: its manager (or the staff looking after its place) lists,
adds by mobile number and removes them, through the audited services the page uses."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings import services
from bookings.api.provider_serializers import ProviderStaffInputSerializer, ProviderStaffSerializer
from bookings.models import ProviderStaff
from bookings.selectors.providers import (
    may_manage_provider_staff,
    provider_get_for_staff_admin,
    provider_staff_of,
)


class ProviderStaffListView(generics.ListAPIView):
    serializer_class = ProviderStaffSerializer
    queryset = ProviderStaff.objects.none()

    @extend_schema(summary="A provider's staff, managers first (its manager; others 404)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        provider = provider_get_for_staff_admin(user=self.request.user, pk=self.kwargs["pk"])
        return provider_staff_of(provider)

    @extend_schema(
        request=ProviderStaffInputSerializer,
        responses={201: ProviderStaffSerializer},
        summary="Give the account with this mobile number a log-in at the provider",
        description="Refusals: 400 with code invalid_phone or no_user (sign up first).",
    )
    def post(self, request, pk: int):
        provider = provider_get_for_staff_admin(user=request.user, pk=pk)
        data = ProviderStaffInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.provider_staff_add_by_phone(
            actor=request.user, provider=provider, **data.validated_data
        )
        return Response(ProviderStaffSerializer(member).data, status=status.HTTP_201_CREATED)


class ProviderStaffMemberView(APIView):
    @extend_schema(
        request=None,
        responses={204: None},
        summary="Remove a staff member from the provider",
        description="Refusals: 400 with code self (a manager removing themselves).",
    )
    def delete(self, request, pk: int):
        member = ProviderStaff.objects.select_related("provider__node").filter(pk=pk).first()
        if member is None or not may_manage_provider_staff(request.user, member.provider):
            raise Http404
        services.provider_staff_remove(actor=request.user, member=member)
        return Response(status=status.HTTP_204_NO_CONTENT)
