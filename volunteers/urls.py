from django.urls import path

from volunteers import organise_views, verify_views, views, wish_views

app_name = "volunteers"

urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("teams/", views.teams, name="teams"),
    path("teams/<int:pk>/", views.team, name="team"),
    path("teams/<int:pk>/join/", views.team_join, name="team_join"),
    path("memberships/<int:pk>/decide/", views.membership_decide, name="membership_decide"),
    path("memberships/<int:pk>/role/", views.membership_role, name="membership_role"),
    path("shifts/", views.shifts, name="shifts"),
    path("shifts/<int:pk>/", views.shift, name="shift"),
    path("shifts/<int:pk>/signup/", views.shift_signup, name="shift_signup"),
    path("signups/<int:pk>/cancel/", views.signup_cancel, name="signup_cancel"),
    path("checkin/<str:token>/", views.checkin, name="checkin"),
    path("hours/", views.hours, name="hours"),
    path("verify/", verify_views.verify, name="verify"),
    path("timebank/", views.timebank, name="timebank"),
    path("timebank/transfer/", views.transfer, name="transfer"),
    path("timebank/donate/", views.donate, name="donate"),
    path("timebank/relatives/", views.relative_add, name="relative_add"),
    path("help/", views.help_list, name="help_list"),
    path("help/<int:pk>/", views.help_detail, name="help"),
    path("help/<int:pk>/<str:action>/", views.help_action, name="help_action"),
    path("wishes/", wish_views.wishes, name="wishes"),
    path("wishes/<int:pk>/", wish_views.wish, name="wish"),
    path("wishes/<int:pk>/<str:action>/", wish_views.wish_action, name="wish_action"),
    path("certificates/", views.certificates, name="certificates"),
    path("certificates/<int:pk>/", views.certificate, name="certificate"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("verify-certificate/", views.certificate_verify, name="certificate_verify"),
    path(
        "verify-certificate/<str:number>/",
        views.certificate_verify,
        name="certificate_verify_number",
    ),
    path("reports/", views.report, name="report"),
    path("organise/", organise_views.projects, name="organise_projects"),
    path("organise/new/", organise_views.project_new, name="organise_project_new"),
    path("organise/<int:pk>/", organise_views.project, name="organise_project"),
    path("organise/<int:pk>/edit/", organise_views.project_edit, name="organise_project_edit"),
    path("organise/shifts/<int:pk>/", organise_views.shift_edit, name="organise_shift"),
    path(
        "organise/shifts/<int:pk>/cancel/",
        organise_views.shift_cancel,
        name="organise_shift_cancel",
    ),
]
