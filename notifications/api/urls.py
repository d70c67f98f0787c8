from django.urls import path

from notifications.api import views

urlpatterns = [
    path("", views.MessageListView.as_view(), name="api-messages"),
    path("<int:pk>/read/", views.MessageReadView.as_view(), name="api-message-read"),
]
