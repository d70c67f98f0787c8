from django.urls import path

from communities.api import views

urlpatterns = [
    path("community/nodes/", views.NodeListView.as_view(), name="api-community-nodes"),
    path("community/nodes/<int:pk>/", views.NodeDetailView.as_view(), name="api-community-node"),
    path(
        "community/households/mine/",
        views.MyHouseholdsView.as_view(),
        name="api-community-my-households",
    ),
    path("community/posts/mine/", views.MyPostsView.as_view(), name="api-community-my-posts"),
    path(
        "community/buildings/", views.BuildingSearchView.as_view(), name="api-community-buildings"
    ),
    path(
        "community/buildings/<int:pk>/households/",
        views.BuildingHouseholdsView.as_view(),
        name="api-community-building-households",
    ),
    path("community/claims/", views.ClaimCreateView.as_view(), name="api-community-claims"),
    path(
        "community/claims/pending/",
        views.PendingClaimsView.as_view(),
        name="api-community-claims-pending",
    ),
    path(
        "community/claims/<int:pk>/approve/",
        views.ClaimApproveView.as_view(),
        name="api-community-claim-approve",
    ),
    path(
        "community/claims/<int:pk>/reject/",
        views.ClaimRejectView.as_view(),
        name="api-community-claim-reject",
    ),
]
