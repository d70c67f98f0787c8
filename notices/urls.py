from django.urls import path

from notices import views

app_name = "notices"

urlpatterns = [
    path("", views.index, name="index"),
    path("manage/", views.manage, name="manage"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/print/", views.print_copy, name="print"),
    path("<int:pk>/knock/", views.knock, name="knock"),
    path("<int:pk>/knock/told/", views.told, name="told"),
    path("<int:pk>/confirm-for/<int:user_id>/", views.confirm_for, name="confirm_for"),
    path("<int:pk>/receipt/<int:user_id>/", views.receipt, name="receipt"),
]
