from django.urls import path

from quizzes.api import views

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="api-quizzes-list"),
    path("<int:pk>/start/", views.StartView.as_view(), name="api-quizzes-start"),
    path("<int:pk>/next/", views.NextQuestionView.as_view(), name="api-quizzes-next"),
    path("answer/", views.AnswerView.as_view(), name="api-quizzes-answer"),
    path("<int:pk>/draw/", views.DrawView.as_view(), name="api-quizzes-draw"),
    path("<int:pk>/me/", views.MyStatsView.as_view(), name="api-quizzes-me"),
    path(
        "<int:pk>/leaderboard/",
        views.LeaderboardView.as_view(),
        name="api-quizzes-leaderboard",
    ),
]
