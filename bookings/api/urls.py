from django.urls import include, path

from bookings.api import appointment_views, provider_views, venue_views, views

urlpatterns = [
    path("", include("bookings.api.canteen_staff_urls")),
    path("", include("bookings.api.provider_urls")),
    path("canteen/menus/", views.MenuListView.as_view(), name="canteen-menus"),
    path("canteen/orders/", views.OrderListView.as_view(), name="canteen-orders"),
    path("canteen/orders/<int:pk>/", views.OrderDetailView.as_view(), name="canteen-order"),
    path(
        "canteen/orders/<int:pk>/cancel/",
        views.OrderCancelView.as_view(),
        name="canteen-order-cancel",
    ),
    path(
        "providers/<int:pk>/report/",
        provider_views.ProviderReportView.as_view(),
        name="bookings-provider-report",
    ),
    path("services/", appointment_views.ServiceOfferListView.as_view(), name="bookings-services"),
    path("slots/", appointment_views.SlotListView.as_view(), name="bookings-slots"),
    path(
        "appointments/",
        appointment_views.AppointmentListView.as_view(),
        name="bookings-appointments",
    ),
    path(
        "appointments/<int:pk>/cancel/",
        appointment_views.AppointmentCancelView.as_view(),
        name="bookings-appointment-cancel",
    ),
    # Venues (阵地)
    path("venues/", venue_views.VenueListView.as_view(), name="bookings-venues"),
    path("venues/usage/", venue_views.VenueUsageView.as_view(), name="bookings-venue-usage"),
    path("venues/<int:pk>/", venue_views.VenueDetailView.as_view(), name="bookings-venue"),
    path(
        "venues/<int:pk>/availability/",
        venue_views.VenueAvailabilityView.as_view(),
        name="bookings-venue-availability",
    ),
    path(
        "venue-bookings/",
        venue_views.VenueBookingListView.as_view(),
        name="bookings-venue-bookings",
    ),
    path(
        "venue-bookings/pending/",
        venue_views.PendingBookingListView.as_view(),
        name="bookings-venue-bookings-pending",
    ),
    path(
        "venue-bookings/<int:pk>/cancel/",
        venue_views.VenueBookingCancelView.as_view(),
        name="bookings-venue-booking-cancel",
    ),
    path(
        "venue-bookings/<int:pk>/decide/",
        venue_views.VenueBookingDecideView.as_view(),
        name="bookings-venue-booking-decide",
    ),
]
