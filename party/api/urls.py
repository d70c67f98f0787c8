from django.urls import path

from party.api import views, views_alliance

urlpatterns = [
    path("organisations/", views.OrganisationListView.as_view(), name="api-party-organisations"),
    path(
        "organisations/<int:pk>/",
        views.OrganisationDetailView.as_view(),
        name="api-party-organisation",
    ),
    path(
        "organisations/<int:pk>/members/",
        views.MemberListView.as_view(),
        name="api-party-members",
    ),
    path(
        "organisations/<int:pk>/sessions/",
        views.SessionListView.as_view(),
        name="api-party-sessions",
    ),
    path("organisations/<int:pk>/rhythm/", views.RhythmView.as_view(), name="api-party-rhythm"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="api-party-session"),
    path(
        "sessions/<int:pk>/attendance/",
        views.AttendanceRecordView.as_view(),
        name="api-party-session-attendance",
    ),
    path("my/sessions/", views.MySessionListView.as_view(), name="api-party-my-sessions"),
    path("service/posts/", views.PostListView.as_view(), name="api-party-posts"),
    path(
        "service/posts/<int:pk>/claim/", views.PostClaimView.as_view(), name="api-party-post-claim"
    ),
    path(
        "service/posts/<int:pk>/unclaim/",
        views.PostUnclaimView.as_view(),
        name="api-party-post-unclaim",
    ),
    path("service/figures/", views.FiguresView.as_view(), name="api-party-figures"),
    path("units/", views_alliance.UnitListView.as_view(), name="api-party-units"),
    path("units/<int:pk>/", views_alliance.UnitDetailView.as_view(), name="api-party-unit"),
    path("projects/", views_alliance.CommitmentListView.as_view(), name="api-party-projects"),
    path(
        "projects/<int:pk>/",
        views_alliance.CommitmentDetailView.as_view(),
        name="api-party-project",
    ),
    path(
        "projects/<int:pk>/follow-ups/",
        views_alliance.CommitmentFollowUpView.as_view(),
        name="api-party-project-follow-ups",
    ),
    path("alliances/", views_alliance.AllianceListView.as_view(), name="api-party-alliances"),
    path(
        "alliances/<int:pk>/",
        views_alliance.AllianceDetailView.as_view(),
        name="api-party-alliance",
    ),
    path("pairings/", views_alliance.PairingListView.as_view(), name="api-party-pairings"),
    path(
        "pairings/<int:pk>/end/",
        views_alliance.PairingEndView.as_view(),
        name="api-party-pairing-end",
    ),
]
