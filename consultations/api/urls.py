from django.urls import path

from consultations.api import views

urlpatterns = [
    path("matters/", views.MatterListView.as_view(), name="api-matters"),
    path(
        "matters/propose/",
        views.MatterProposeView.as_view(),
        name="api-matter-propose",
    ),
    path("matters/<int:pk>/", views.MatterDetailView.as_view(), name="api-matter"),
    path(
        "matters/<int:pk>/comments/",
        views.CommentListView.as_view(),
        name="api-matter-comments",
    ),
    path(
        "matters/<int:pk>/comment/",
        views.CommentCreateView.as_view(),
        name="api-matter-comment",
    ),
    path("votes/", views.ConsultationListView.as_view(), name="api-consultations"),
    path(
        "votes/<int:pk>/",
        views.ConsultationDetailView.as_view(),
        name="api-consultation",
    ),
    path("votes/<int:pk>/ballot/", views.BallotCastView.as_view(), name="api-ballot"),
    path("meetings/", views.MeetingListView.as_view(), name="api-meetings"),
    path("meetings/<int:pk>/venue/", views.MeetingVenueView.as_view(), name="api-meeting-venue"),
]
