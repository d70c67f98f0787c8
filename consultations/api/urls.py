from django.urls import path

from consultations.api import views

urlpatterns = [
    path("consultations/matters/", views.MatterListView.as_view(), name="api-matters"),
    path(
        "consultations/matters/propose/",
        views.MatterProposeView.as_view(),
        name="api-matter-propose",
    ),
    path("consultations/matters/<int:pk>/", views.MatterDetailView.as_view(), name="api-matter"),
    path(
        "consultations/matters/<int:pk>/comments/",
        views.CommentListView.as_view(),
        name="api-matter-comments",
    ),
    path(
        "consultations/matters/<int:pk>/comment/",
        views.CommentCreateView.as_view(),
        name="api-matter-comment",
    ),
    path("consultations/votes/", views.ConsultationListView.as_view(), name="api-consultations"),
    path(
        "consultations/votes/<int:pk>/",
        views.ConsultationDetailView.as_view(),
        name="api-consultation",
    ),
    path("consultations/votes/<int:pk>/ballot/", views.BallotCastView.as_view(), name="api-ballot"),
]
