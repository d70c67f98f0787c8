from django.urls import path

from quizzes import views

app_name = "quizzes"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/play/", views.play, name="play"),
    path("<int:pk>/result/<int:served_pk>/", views.result, name="result"),
    path("<int:pk>/draw/", views.draw, name="draw"),
    path("<int:pk>/draw/<int:draw_pk>/", views.draw_result, name="draw_result"),
    path("<int:pk>/prizes/", views.prizes, name="prizes"),
    path("<int:pk>/leaderboard/", views.leaderboard, name="leaderboard"),
    path("staff/", views.staff_campaigns, name="staff_campaigns"),
    path("staff/<int:pk>/", views.staff_campaign, name="staff_campaign"),
    path("staff/<int:pk>/draws.xlsx", views.staff_draws_export, name="staff_draws_export"),
    path("staff/import/", views.staff_import, name="staff_import"),
    path("staff/import/<int:pk>/", views.staff_import_confirm, name="staff_import_confirm"),
]
