from django.urls import path

from quizzes.api import views

urlpatterns = [
    path("quizzes/", views.CampaignListView.as_view(), name="api-quizzes-list"),
    path("quizzes/<int:pk>/start/", views.StartView.as_view(), name="api-quizzes-start"),
    path("quizzes/<int:pk>/next/", views.NextQuestionView.as_view(), name="api-quizzes-next"),
    path("quizzes/answer/", views.AnswerView.as_view(), name="api-quizzes-answer"),
    path("quizzes/<int:pk>/draw/", views.DrawView.as_view(), name="api-quizzes-draw"),
    path("quizzes/<int:pk>/me/", views.MyStatsView.as_view(), name="api-quizzes-me"),
    path(
        "quizzes/<int:pk>/leaderboard/",
        views.LeaderboardView.as_view(),
        name="api-quizzes-leaderboard",
    ),
]
