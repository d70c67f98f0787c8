from django.urls import path

from bookings import views

app_name = "bookings"

urlpatterns = [
    path("", views.index, name="index"),
    path("venues/<int:pk>/", views.venue_detail, name="venue"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("pending/", views.pending, name="pending"),
    path("usage/", views.usage, name="usage"),
    path("<int:pk>/decide/", views.decide, name="decide"),
]
