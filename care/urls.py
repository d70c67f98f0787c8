from django.urls import path

from care import counselling_views, request_views, role_views, views, visit_views, work_views

app_name = "care"

urlpatterns = [
    path("", views.hub, name="hub"),
    path("register/", views.register, name="register"),
    path("people/<int:pk>/", views.person, name="person"),
    path("tags/new/", views.tag_add, name="tag_add"),
    path("tags/import/", views.tags_import, name="import"),
    path("tags/<int:pk>/edit/", views.tag_edit, name="tag_edit"),
    path("tags/<int:pk>/remove/", views.tag_remove, name="tag_remove"),
    path("tags/<int:pk>/plan/", visit_views.plan_set, name="plan_set"),
    path("visits/", visit_views.visits_due, name="visits_due"),
    path("people/<int:pk>/visit/", visit_views.visit_new, name="visit_new"),
    path("visits/<int:pk>/", visit_views.visit_detail, name="visit"),
    path("visits/<int:pk>/case/", visit_views.visit_to_case, name="visit_to_case"),
    path("visits/<int:pk>/wish/", visit_views.visit_to_wish, name="visit_to_wish"),
    path("visits/<int:pk>/request/", request_views.visit_to_request, name="visit_to_request"),
    path("requests/", request_views.requests, name="requests"),
    path("requests/<int:pk>/", request_views.request_detail, name="request"),
    path("mediation/", work_views.disputes, name="disputes"),
    path("mediation/new/", work_views.dispute_new, name="dispute_new"),
    path("mediation/<int:pk>/", work_views.dispute_detail, name="dispute"),
    path("mediation/<int:pk>/session/", work_views.dispute_session, name="dispute_session"),
    path("mediation/<int:pk>/close/", work_views.dispute_close, name="dispute_close"),
    path(
        "mediation/<int:pk>/follow-ups/<int:follow_up>/",
        work_views.follow_up_done,
        name="follow_up_done",
    ),
    path("mediation/<int:pk>/agreement.pdf", work_views.agreement, name="agreement"),
    path("adviser/", work_views.adviser, name="adviser"),
    path("adviser/sign/", work_views.adviser_sign, name="adviser_sign"),
    path("adviser/consultations/", work_views.adviser_consultation, name="adviser_consultation"),
    path("roles/", role_views.roles, name="roles"),
    path("roles/<int:pk>/end/", role_views.role_end, name="role_end"),
    path("counselling/", counselling_views.counselling, name="counselling"),
    path("counselling/<int:pk>/", counselling_views.booking, name="booking"),
    path("counselling/<int:pk>/move/", counselling_views.booking_move, name="booking_move"),
]
