from django.urls import path

from surveys.api import views

urlpatterns = [
    path("", views.SurveyListView.as_view(), name="api-surveys"),
    path("publish/", views.SurveyCreateView.as_view(), name="api-survey-publish"),
    path("needs/", views.NeedsView.as_view(), name="api-needs"),
    path("needs/demand/", views.NeedsDemandView.as_view(), name="api-needs-demand"),
    path("<int:pk>/", views.SurveyDetailView.as_view(), name="api-survey"),
    path("<int:pk>/answers/", views.SurveyAnswerView.as_view(), name="api-survey-answer"),
    path("<int:pk>/results/", views.SurveyResultsView.as_view(), name="api-survey-results"),
]
