from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("edit/", views.profile_edit, name="edit"),
    path("export/", views.personal_data_export, name="export"),
    path("verify-phone/", views.verify_phone, name="verify_phone"),
]
