from django.urls import path

from notices.api import views

urlpatterns = [
    path("", views.NoticeListView.as_view(), name="api-notices"),
    path("publish/", views.NoticePublishView.as_view(), name="api-notice-publish"),
    path("<int:pk>/", views.NoticeDetailView.as_view(), name="api-notice"),
    path("<int:pk>/confirm/", views.NoticeConfirmView.as_view(), name="api-notice-confirm"),
    path("<int:pk>/receipts/", views.NoticeReceiptsView.as_view(), name="api-notice-receipts"),
]
