"""Routes of the canteen's staff API (menus, sheets, deliveries, counter, subsidy, report)."""

from django.urls import path

from bookings.api import canteen_office_views as office
from bookings.api import canteen_staff_views as views

urlpatterns = [
    path("canteen/plan/", views.WeekPlanView.as_view(), name="canteen-staff-plan"),
    path("canteen/plan/copy-week/", views.CopyWeekView.as_view(), name="canteen-staff-copy-week"),
    path("canteen/plan/<int:pk>/", views.PlanMenuView.as_view(), name="canteen-staff-menu"),
    path(
        "canteen/menus/<int:pk>/kitchen/",
        views.KitchenSheetView.as_view(),
        name="canteen-staff-kitchen",
    ),
    path(
        "canteen/menus/<int:pk>/routes/",
        views.RouteSheetsView.as_view(),
        name="canteen-staff-routes",
    ),
    path(
        "canteen/menus/<int:pk>/finish-round/",
        views.FinishRoundView.as_view(),
        name="canteen-staff-finish-round",
    ),
    path("canteen/deliveries/", views.DeliveriesView.as_view(), name="canteen-staff-deliveries"),
    path(
        "canteen/orders/<int:pk>/deliver/",
        views.DeliverView.as_view(),
        name="canteen-staff-deliver",
    ),
    path("canteen/counter/", views.CounterView.as_view(), name="canteen-staff-counter"),
    path("canteen/orders/<int:pk>/serve/", views.ServeView.as_view(), name="canteen-staff-serve"),
    path("canteen/orders/<int:pk>/pay/", views.PayView.as_view(), name="canteen-staff-pay"),
    path("canteen/diners/", office.DinerListView.as_view(), name="canteen-staff-diners"),
    path("canteen/overview/", office.CanteenMenusView.as_view(), name="canteen-staff-overview"),
    path("canteen/budget/", office.BudgetFundView.as_view(), name="canteen-staff-budget"),
    path("canteen/report/", office.CanteenReportView.as_view(), name="canteen-staff-report"),
]
