from django.urls import path

from bookings import (
    appointment_views,
    canteen_views,
    menu_views,
    provider_staff_views,
    provider_views,
    views,
)

app_name = "bookings"

urlpatterns = [
    path("", views.index, name="index"),
    path("venues/<int:pk>/", views.venue_detail, name="venue"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("pending/", views.pending, name="pending"),
    path("usage/", views.usage, name="usage"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("appointments/", appointment_views.home, name="appointments"),
    path("appointments/slots/<int:pk>/book/", appointment_views.book, name="appointment_book"),
    path("appointments/<int:pk>/cancel/", appointment_views.cancel, name="appointment_cancel"),
    path(
        "appointments/<int:pk>/served/",
        appointment_views.mark,
        {"status": "done"},
        name="appointment_served",
    ),
    path(
        "appointments/<int:pk>/no-show/",
        appointment_views.mark,
        {"status": "no_show"},
        name="appointment_no_show",
    ),
    path("appointments/<int:pk>/rate/", appointment_views.rate, name="appointment_rate"),
    path("appointments/counter/", appointment_views.counter, name="appointments_counter"),
    path("provider/", provider_views.home, name="provider"),
    path("provider/<int:pk>/services/", provider_views.offers, name="provider_offers"),
    path("provider/services/<int:pk>/", provider_views.offer, name="provider_offer"),
    path("provider/services/<int:pk>/slot/", provider_views.slot_add, name="provider_slot_add"),
    path(
        "provider/services/<int:pk>/weekly/",
        provider_views.slots_weekly,
        name="provider_slots_weekly",
    ),
    path(
        "provider/slots/<int:pk>/cancel/", provider_views.slot_cancel, name="provider_slot_cancel"
    ),
    path("provider/<int:pk>/report/", provider_views.report, name="provider_report"),
    path("provider/<int:pk>/staff/", provider_staff_views.staff, name="provider_staff"),
    path(
        "provider/staff/<int:pk>/remove/",
        provider_staff_views.staff_remove,
        name="provider_staff_remove",
    ),
    path("services/report/", provider_views.staff_report, name="services_report"),
    path("canteen/", canteen_views.home, name="canteen"),
    path("canteen/menus/<int:pk>/order/", canteen_views.order, name="canteen_place"),
    path("canteen/orders/<int:pk>/", canteen_views.order_detail, name="canteen_order"),
    path("canteen/orders/<int:pk>/cancel/", canteen_views.order_cancel, name="canteen_cancel"),
    path("canteen/counter/", canteen_views.counter, name="canteen_counter"),
    path(
        "canteen/orders/<int:pk>/serve/",
        canteen_views.counter_action,
        {"action": "serve"},
        name="canteen_serve",
    ),
    path(
        "canteen/orders/<int:pk>/pay/",
        canteen_views.counter_action,
        {"action": "pay"},
        name="canteen_pay",
    ),
    path("canteen/menus/<int:pk>/kitchen/", canteen_views.kitchen, name="canteen_kitchen"),
    path("canteen/menus/<int:pk>/routes/", canteen_views.routes, name="canteen_routes"),
    path("canteen/orders/<int:pk>/deliver/", canteen_views.deliver, name="canteen_deliver"),
    path("canteen/menus/<int:pk>/finish/", canteen_views.finish_round, name="canteen_finish"),
    path("canteen/deliveries/", canteen_views.deliveries, name="canteen_deliveries"),
    path("canteen/staff/", canteen_views.staff, name="canteen_staff"),
    path("canteen/report/", canteen_views.report, name="canteen_report"),
    path("canteen/diners/", canteen_views.diners, name="canteen_diners"),
    path("canteen/budget/", canteen_views.budget, name="canteen_budget"),
    path("canteen/menus/", menu_views.menus, name="canteen_menus"),
    path("canteen/menus/copy-week/", menu_views.copy_week, name="canteen_menus_copy"),
    path("canteen/menus/<int:pk>/edit/", menu_views.menu_edit, name="canteen_menu_edit"),
]
