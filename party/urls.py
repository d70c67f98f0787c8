from django.urls import path

from party import views

app_name = "party"

urlpatterns = [
    path("", views.index, name="index"),
    path("org/<int:pk>/", views.organisation_detail, name="organisation"),
]
