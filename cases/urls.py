from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.my_reports, name="mine"),
    path("new/", views.report_new, name="new"),
    path("new/duplicates/", views.report_duplicates, name="duplicates"),
    path("new/for/<int:user_id>/", views.report_for, name="report_for"),
    path("assigned/", views.assigned, name="assigned"),
    path("resolved/", views.resolved, name="resolved"),
    path("board/", views.board, name="board"),
    path("board/dispatch/", views.bulk_dispatch, name="bulk_dispatch"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/export/", views.indicators_export, name="indicators_export"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
