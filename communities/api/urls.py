from django.urls import path

from communities.api import views

urlpatterns = [
    path("nodes/", views.NodeListView.as_view(), name="api-community-nodes"),
    path("nodes/<int:pk>/", views.NodeDetailView.as_view(), name="api-community-node"),
    path(
        "households/mine/",
        views.MyHouseholdsView.as_view(),
        name="api-community-my-households",
    ),
    path("posts/mine/", views.MyPostsView.as_view(), name="api-community-my-posts"),
    path("buildings/", views.BuildingSearchView.as_view(), name="api-community-buildings"),
    path(
        "buildings/<int:pk>/households/",
        views.BuildingHouseholdsView.as_view(),
        name="api-community-building-households",
    ),
    path("claims/", views.ClaimCreateView.as_view(), name="api-community-claims"),
    path(
        "invitations/<int:pk>/accept/",
        views.InvitationAcceptView.as_view(),
        name="api-community-invitation-accept",
    ),
    path(
        "invitations/<int:pk>/decline/",
        views.InvitationDeclineView.as_view(),
        name="api-community-invitation-decline",
    ),
    path(
        "claims/pending/",
        views.PendingClaimsView.as_view(),
        name="api-community-claims-pending",
    ),
    path(
        "claims/<int:pk>/approve/",
        views.ClaimApproveView.as_view(),
        name="api-community-claim-approve",
    ),
    path(
        "claims/<int:pk>/reject/",
        views.ClaimRejectView.as_view(),
        name="api-community-claim-reject",
    ),
]
