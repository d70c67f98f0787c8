from django.urls import path

from workbench.api import views

urlpatterns = [
    path("places/", views.PlaceListView.as_view(), name="workbench-api-places"),
    path(
        "places/<int:pk>/dashboard/",
        views.DashboardView.as_view(),
        name="workbench-api-dashboard",
    ),
]
