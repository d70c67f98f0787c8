from django.urls import path

from points import views

app_name = "points"

urlpatterns = [
    path("", views.my_points, name="mine"),
    path("boards/", views.board_list, name="boards"),
    path("boards/<int:pk>/", views.board_detail, name="board"),
    path("boards/<int:pk>/settled/<str:period_key>/", views.settled_detail, name="settled"),
]
