from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("manage/", views.manage, name="manage"),
    path("new/", views.new, name="new"),
    path("needs/", views.needs, name="needs"),
    path("needs/demand/", views.demand, name="demand"),
    path("needs/for/<int:user_id>/", views.needs_for, name="needs_for"),
    path("<int:pk>/for/<int:user_id>/", views.answer_for, name="answer_for"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
]
