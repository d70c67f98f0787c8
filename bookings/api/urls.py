from django.urls import path

from bookings.api import views

urlpatterns = [
    path("canteen/menus/", views.MenuListView.as_view(), name="canteen-menus"),
    path("canteen/orders/", views.OrderListView.as_view(), name="canteen-orders"),
    path("canteen/orders/<int:pk>/", views.OrderDetailView.as_view(), name="canteen-order"),
    path(
        "canteen/orders/<int:pk>/cancel/",
        views.OrderCancelView.as_view(),
        name="canteen-order-cancel",
    ),
]
