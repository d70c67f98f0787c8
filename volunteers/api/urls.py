from django.urls import path

from volunteers.api import organise_views, staff_views, views

urlpatterns = [
    path("volunteers/me/", views.MeView.as_view(), name="volunteers-me"),
    path("volunteers/register/", views.RegisterView.as_view(), name="volunteers-register"),
    path("volunteers/teams/", views.TeamListView.as_view(), name="volunteers-teams"),
    path(
        "volunteers/teams/<int:pk>/join/", views.TeamJoinView.as_view(), name="volunteers-team-join"
    ),
    path("volunteers/shifts/", views.ShiftListView.as_view(), name="volunteers-shifts"),
    path(
        "volunteers/shifts/<int:pk>/signup/",
        views.ShiftSignupView.as_view(),
        name="volunteers-shift-signup",
    ),
    path(
        "volunteers/signups/<int:pk>/cancel/",
        views.SignupCancelView.as_view(),
        name="volunteers-signup-cancel",
    ),
    path("volunteers/checkin/", views.CheckinView.as_view(), name="volunteers-checkin"),
    path("volunteers/hours/", views.HourListView.as_view(), name="volunteers-hours"),
    path(
        "volunteers/hours/pending/",
        views.PendingHourListView.as_view(),
        name="volunteers-hours-pending",
    ),
    path(
        "volunteers/hours/<int:pk>/verify/",
        views.HourVerifyView.as_view(),
        name="volunteers-hour-verify",
    ),
    path("volunteers/timebank/", views.TimeBankView.as_view(), name="volunteers-timebank"),
    path(
        "volunteers/timebank/transfer/",
        views.TransferView.as_view(),
        name="volunteers-timebank-transfer",
    ),
    path(
        "volunteers/timebank/donate/", views.DonateView.as_view(), name="volunteers-timebank-donate"
    ),
    path("volunteers/relatives/", views.RelativeView.as_view(), name="volunteers-relatives"),
    path("volunteers/help/", views.HelpRequestListView.as_view(), name="volunteers-help"),
    path(
        "volunteers/help/<int:pk>/<str:action>/",
        views.HelpRequestActionView.as_view(),
        name="volunteers-help-action",
    ),
    path("volunteers/wishes/", views.WishListView.as_view(), name="volunteers-wishes"),
    path(
        "volunteers/wishes/<int:pk>/<str:action>/",
        views.WishActionView.as_view(),
        name="volunteers-wish-action",
    ),
    path(
        "volunteers/certificates/",
        views.CertificateIssueView.as_view(),
        name="volunteers-certificates",
    ),
    path(
        "volunteers/certificates/check/<str:number>/",
        views.CertificateCheckView.as_view(),
        name="volunteers-certificate-check",
    ),
    path(
        "volunteers/projects/",
        organise_views.ProjectListCreateView.as_view(),
        name="volunteers-projects",
    ),
    path(
        "volunteers/projects/<int:pk>/",
        organise_views.ProjectDetailView.as_view(),
        name="volunteers-project",
    ),
    path(
        "volunteers/projects/<int:pk>/shifts/",
        organise_views.ProjectShiftCreateView.as_view(),
        name="volunteers-project-shifts",
    ),
    path(
        "volunteers/shifts/<int:pk>/",
        organise_views.ShiftChangeView.as_view(),
        name="volunteers-shift",
    ),
    path(
        "volunteers/shifts/<int:pk>/cancel/",
        organise_views.ShiftCancelView.as_view(),
        name="volunteers-shift-cancel",
    ),
    path(
        "volunteers/staff/wishes/",
        staff_views.StaffWishListView.as_view(),
        name="volunteers-staff-wishes",
    ),
    path(
        "volunteers/staff/wishes/<int:pk>/review/",
        staff_views.StaffWishReviewView.as_view(),
        name="volunteers-staff-wish-review",
    ),
    path(
        "volunteers/staff/wishes/<int:pk>/resolve/",
        staff_views.StaffWishResolveView.as_view(),
        name="volunteers-staff-wish-resolve",
    ),
    path(
        "volunteers/staff/relatives/",
        staff_views.StaffRelativeListView.as_view(),
        name="volunteers-staff-relatives",
    ),
    path(
        "volunteers/staff/relatives/<int:pk>/decide/",
        staff_views.StaffRelativeDecideView.as_view(),
        name="volunteers-staff-relative-decide",
    ),
]
