from django.urls import path

from volunteers.api import organise_views, staff_views, views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="volunteers-me"),
    path("register/", views.RegisterView.as_view(), name="volunteers-register"),
    path("teams/", views.TeamListView.as_view(), name="volunteers-teams"),
    path("teams/<int:pk>/join/", views.TeamJoinView.as_view(), name="volunteers-team-join"),
    path("shifts/", views.ShiftListView.as_view(), name="volunteers-shifts"),
    path(
        "shifts/<int:pk>/signup/",
        views.ShiftSignupView.as_view(),
        name="volunteers-shift-signup",
    ),
    path(
        "signups/<int:pk>/cancel/",
        views.SignupCancelView.as_view(),
        name="volunteers-signup-cancel",
    ),
    path("checkin/", views.CheckinView.as_view(), name="volunteers-checkin"),
    path("hours/", views.HourListView.as_view(), name="volunteers-hours"),
    path(
        "hours/pending/",
        views.PendingHourListView.as_view(),
        name="volunteers-hours-pending",
    ),
    path(
        "hours/<int:pk>/verify/",
        views.HourVerifyView.as_view(),
        name="volunteers-hour-verify",
    ),
    path("timebank/", views.TimeBankView.as_view(), name="volunteers-timebank"),
    path(
        "timebank/transfer/",
        views.TransferView.as_view(),
        name="volunteers-timebank-transfer",
    ),
    path("timebank/donate/", views.DonateView.as_view(), name="volunteers-timebank-donate"),
    path("relatives/", views.RelativeView.as_view(), name="volunteers-relatives"),
    path("help/", views.HelpRequestListView.as_view(), name="volunteers-help"),
    path(
        "help/<int:pk>/<str:action>/",
        views.HelpRequestActionView.as_view(),
        name="volunteers-help-action",
    ),
    path("wishes/", views.WishListView.as_view(), name="volunteers-wishes"),
    path(
        "wishes/<int:pk>/<str:action>/",
        views.WishActionView.as_view(),
        name="volunteers-wish-action",
    ),
    path(
        "certificates/",
        views.CertificateIssueView.as_view(),
        name="volunteers-certificates",
    ),
    path(
        "certificates/check/<str:number>/",
        views.CertificateCheckView.as_view(),
        name="volunteers-certificate-check",
    ),
    path(
        "projects/",
        organise_views.ProjectListCreateView.as_view(),
        name="volunteers-projects",
    ),
    path(
        "projects/<int:pk>/",
        organise_views.ProjectDetailView.as_view(),
        name="volunteers-project",
    ),
    path(
        "projects/<int:pk>/shifts/",
        organise_views.ProjectShiftCreateView.as_view(),
        name="volunteers-project-shifts",
    ),
    path(
        "shifts/<int:pk>/",
        organise_views.ShiftChangeView.as_view(),
        name="volunteers-shift",
    ),
    path(
        "shifts/<int:pk>/cancel/",
        organise_views.ShiftCancelView.as_view(),
        name="volunteers-shift-cancel",
    ),
    path(
        "staff/wishes/",
        staff_views.StaffWishListView.as_view(),
        name="volunteers-staff-wishes",
    ),
    path(
        "staff/wishes/<int:pk>/review/",
        staff_views.StaffWishReviewView.as_view(),
        name="volunteers-staff-wish-review",
    ),
    path(
        "staff/wishes/<int:pk>/resolve/",
        staff_views.StaffWishResolveView.as_view(),
        name="volunteers-staff-wish-resolve",
    ),
    path(
        "staff/relatives/",
        staff_views.StaffRelativeListView.as_view(),
        name="volunteers-staff-relatives",
    ),
    path(
        "staff/relatives/<int:pk>/decide/",
        staff_views.StaffRelativeDecideView.as_view(),
        name="volunteers-staff-relative-decide",
    ),
]
