from django.urls import path

from party import views, views_alliance, views_life, views_manage, views_service

app_name = "party"

urlpatterns = [
    path("", views.index, name="index"),
    path("my/life/", views_life.my_life, name="my_life"),
    path("org/<int:pk>/", views.organisation_detail, name="organisation"),
    path("org/<int:pk>/sessions/new/", views.session_new, name="session_new"),
    path("org/<int:pk>/sessions/schedule/", views_life.session_schedule, name="session_schedule"),
    path(
        "sessions/<int:pk>/attendance/",
        views_life.session_attendance,
        name="session_attendance",
    ),
    path("org/<int:pk>/manage/", views_manage.manage, name="manage"),
    path("org/<int:pk>/manage/transfer/", views_manage.transfer, name="transfer"),
    path("org/<int:pk>/manage/transfer-in/", views_manage.transfer_in, name="transfer_in"),
    path("org/<int:pk>/manage/officers/", views_manage.officer_appoint, name="officer_appoint"),
    path(
        "org/<int:pk>/manage/officers/<int:officer_pk>/end/",
        views_manage.officer_end,
        name="officer_end",
    ),
    path("service/", views_service.service_home, name="service"),
    path("service/posts/<int:pk>/claim/", views_service.post_claim, name="post_claim"),
    path("service/posts/<int:pk>/unclaim/", views_service.post_unclaim, name="post_unclaim"),
    path("reports/<str:number>/", views_service.report_detail, name="report"),
    path("reports/<str:number>/pdf/", views_service.report_pdf, name="report_pdf"),
    path("reports/<str:number>/xlsx/", views_service.report_xlsx, name="report_xlsx"),
    path("verify/<str:number>/", views_service.report_verify, name="report_verify"),
    # 党建益联盟 staff pages (workbench)
    path("units/", views_alliance.units, name="units"),
    path("units/<int:pk>/", views_alliance.unit_detail, name="unit"),
    path("units/<int:pk>/edit/", views_alliance.unit_edit, name="unit_edit"),
    path("units/<int:pk>/offers/", views_alliance.offer_add, name="offer_add"),
    path("offers/<int:pk>/remove/", views_alliance.offer_remove, name="offer_remove"),
    path("units/<int:pk>/projects/", views_alliance.commitment_new, name="commitment_new"),
    path("projects/<int:pk>/", views_alliance.commitment_detail, name="commitment"),
    path("alliances/", views_alliance.alliances, name="alliances"),
    path("alliances/<int:pk>/", views_alliance.alliance_detail, name="alliance"),
    path("alliances/<int:pk>/units/", views_alliance.alliance_unit_join, name="alliance_unit_join"),
    path(
        "alliance-units/<int:pk>/leave/",
        views_alliance.alliance_unit_leave,
        name="alliance_unit_leave",
    ),
    path("alliances/<int:pk>/teams/", views_alliance.alliance_team_add, name="alliance_team_add"),
    path("alliances/<int:pk>/pairings/", views_alliance.pairing_new, name="pairing_new"),
    path("pairings/<int:pk>/", views_alliance.pairing_detail, name="pairing"),
]
