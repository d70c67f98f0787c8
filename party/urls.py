from django.urls import path

from party import views, views_service

app_name = "party"

urlpatterns = [
    path("", views.index, name="index"),
    path("org/<int:pk>/", views.organisation_detail, name="organisation"),
    path("org/<int:pk>/sessions/new/", views.session_new, name="session_new"),
    path("service/", views_service.service_home, name="service"),
    path("service/posts/<int:pk>/claim/", views_service.post_claim, name="post_claim"),
    path("reports/<str:number>/", views_service.report_detail, name="report"),
    path("reports/<str:number>/pdf/", views_service.report_pdf, name="report_pdf"),
    path("reports/<str:number>/xlsx/", views_service.report_xlsx, name="report_xlsx"),
    path("verify/<str:number>/", views_service.report_verify, name="report_verify"),
]
