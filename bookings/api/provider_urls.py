"""API routes of the providers' appointment side: its catalogue and slots, the counter, the
person's rating, and the provider's staff (included by bookings/api/urls.py)."""

from django.urls import path

from bookings.api import counter_views, provider_service_views, provider_staff_views

urlpatterns = [
    path(
        "appointments/<int:pk>/rate/",
        counter_views.AppointmentRateView.as_view(),
        name="bookings-appointment-rate",
    ),
    # the provider's side (its staff, or staff looking after it)
    path(
        "providers/<int:pk>/services/",
        provider_service_views.ProviderOfferListView.as_view(),
        name="bookings-provider-services",
    ),
    path(
        "provider-services/<int:pk>/",
        provider_service_views.ProviderOfferView.as_view(),
        name="bookings-provider-service",
    ),
    path(
        "provider-services/<int:pk>/retire/",
        provider_service_views.ProviderOfferRetireView.as_view(),
        name="bookings-provider-service-retire",
    ),
    path(
        "provider-services/<int:pk>/slots/",
        provider_service_views.ProviderSlotListView.as_view(),
        name="bookings-provider-slots",
    ),
    path(
        "provider-services/<int:pk>/slots/weekly/",
        provider_service_views.ProviderSlotsWeeklyView.as_view(),
        name="bookings-provider-slots-weekly",
    ),
    path(
        "provider-slots/<int:pk>/cancel/",
        provider_service_views.ProviderSlotCancelView.as_view(),
        name="bookings-provider-slot-cancel",
    ),
    path(
        "providers/<int:pk>/appointments/",
        counter_views.CounterDayView.as_view(),
        name="bookings-provider-appointments",
    ),
    path(
        "provider-appointments/<int:pk>/mark/",
        counter_views.AppointmentMarkView.as_view(),
        name="bookings-provider-appointment-mark",
    ),
    path(
        "providers/<int:pk>/staff/",
        provider_staff_views.ProviderStaffListView.as_view(),
        name="bookings-provider-staff",
    ),
    path(
        "provider-staff/<int:pk>/",
        provider_staff_views.ProviderStaffMemberView.as_view(),
        name="bookings-provider-staff-member",
    ),
]
