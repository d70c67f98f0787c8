from django.urls import path

from party import views

app_name = "party"

urlpatterns = [
    path("", views.index, name="index"),
    path("org/<int:pk>/", views.organisation_detail, name="organisation"),
    path("org/<int:pk>/sessions/new/", views.session_new, name="session_new"),
]
