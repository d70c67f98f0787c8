from django.urls import path

from points.api import views

urlpatterns = [
    path("points/balances/", views.BalanceListView.as_view(), name="api-points-balances"),
    path("points/postings/", views.PostingListView.as_view(), name="api-points-postings"),
    path("points/boards/", views.BoardListView.as_view(), name="api-points-boards"),
    path("points/boards/<int:pk>/top/", views.BoardTopView.as_view(), name="api-points-board-top"),
    path("points/boards/<int:pk>/me/", views.BoardMyRankView.as_view(), name="api-points-board-me"),
]
