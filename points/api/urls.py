from django.urls import path

from points.api import views

urlpatterns = [
    path("balances/", views.BalanceListView.as_view(), name="api-points-balances"),
    path("postings/", views.PostingListView.as_view(), name="api-points-postings"),
    path("boards/", views.BoardListView.as_view(), name="api-points-boards"),
    path("boards/<int:pk>/top/", views.BoardTopView.as_view(), name="api-points-board-top"),
    path("boards/<int:pk>/me/", views.BoardMyRankView.as_view(), name="api-points-board-me"),
]
