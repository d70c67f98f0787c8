from django.urls import path

from volunteers.views import organisers, residents, staff, volunteers

app_name = "volunteers"

urlpatterns = [
    path("", volunteers.home, name="home"),
    path("register/", volunteers.register, name="register"),
    path("teams/", volunteers.teams, name="teams"),
    path("teams/<int:pk>/", volunteers.team, name="team"),
    path("teams/<int:pk>/join/", volunteers.team_join, name="team_join"),
    path("memberships/<int:pk>/decide/", organisers.membership_decide, name="membership_decide"),
    path("memberships/<int:pk>/role/", organisers.membership_role, name="membership_role"),
    path("shifts/", volunteers.shifts, name="shifts"),
    path("shifts/<int:pk>/", volunteers.shift, name="shift"),
    path("shifts/<int:pk>/signup/", volunteers.shift_signup, name="shift_signup"),
    path("signups/<int:pk>/cancel/", volunteers.signup_cancel, name="signup_cancel"),
    path("checkin/<str:token>/", volunteers.checkin, name="checkin"),
    path("hours/", volunteers.hours, name="hours"),
    path("verify/", organisers.verify, name="verify"),
    path("timebank/", volunteers.timebank, name="timebank"),
    path("timebank/transfer/", volunteers.transfer, name="transfer"),
    path("timebank/donate/", volunteers.donate, name="donate"),
    path("timebank/relatives/", volunteers.relative_add, name="relative_add"),
    path("help/", residents.help_list, name="help_list"),
    path("help/<int:pk>/", residents.help_detail, name="help"),
    path("help/<int:pk>/<str:action>/", residents.help_action, name="help_action"),
    path("wishes/", residents.wishes, name="wishes"),
    path("wishes/for/<int:user_id>/", residents.wish_for, name="wish_for"),
    path("wishes/<int:pk>/", residents.wish, name="wish"),
    path("wishes/<int:pk>/<str:action>/", residents.wish_action, name="wish_action"),
    path("certificates/", volunteers.certificates, name="certificates"),
    path("certificates/<int:pk>/", volunteers.certificate, name="certificate"),
    path("certificates/<int:pk>/pdf/", volunteers.certificate_pdf, name="certificate_pdf"),
    path("verify-certificate/", residents.certificate_verify, name="certificate_verify"),
    path(
        "verify-certificate/<str:number>/",
        residents.certificate_verify,
        name="certificate_verify_number",
    ),
    path("reports/", staff.report, name="report"),
    path("organise/", organisers.projects, name="organise_projects"),
    path("organise/new/", organisers.project_new, name="organise_project_new"),
    path("organise/<int:pk>/", organisers.project, name="organise_project"),
    path("organise/<int:pk>/edit/", organisers.project_edit, name="organise_project_edit"),
    path("organise/shifts/<int:pk>/", organisers.shift_edit, name="organise_shift"),
    path(
        "organise/shifts/<int:pk>/cancel/",
        organisers.shift_cancel,
        name="organise_shift_cancel",
    ),
]
