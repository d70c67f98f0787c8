from django.urls import path

from care.api import request_views, views, work_views

urlpatterns = [
    path("people/", views.RegisterListView.as_view(), name="api-care-people"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="api-care-person"),
    path("people/<int:pk>/visits/", views.VisitRecordView.as_view(), name="api-care-visit-new"),
    path("visits/due/", views.VisitsDueView.as_view(), name="api-care-visits-due"),
    path("visits/<int:pk>/case/", views.VisitToCaseView.as_view(), name="api-care-visit-case"),
    path(
        "visits/<int:pk>/request/",
        request_views.VisitToRequestView.as_view(),
        name="api-care-visit-request",
    ),
    path("requests/", request_views.ServiceRequestListView.as_view(), name="api-care-requests"),
    path(
        "requests/<int:pk>/",
        request_views.ServiceRequestDetailView.as_view(),
        name="api-care-request",
    ),
    path(
        "requests/<int:pk>/progress/",
        request_views.ServiceRequestProgressView.as_view(),
        name="api-care-request-progress",
    ),
    path("disputes/", work_views.DisputeListView.as_view(), name="api-care-disputes"),
    path(
        "disputes/counts/", work_views.MediationCountsView.as_view(), name="api-care-dispute-counts"
    ),
    path("disputes/<int:pk>/", work_views.DisputeDetailView.as_view(), name="api-care-dispute"),
    path(
        "disputes/<int:pk>/sessions/",
        work_views.DisputeSessionView.as_view(),
        name="api-care-dispute-session",
    ),
    path(
        "disputes/<int:pk>/close/",
        work_views.DisputeCloseView.as_view(),
        name="api-care-dispute-close",
    ),
    path("adviser/", work_views.AdviserMonthsView.as_view(), name="api-care-adviser"),
    path(
        "adviser/sign-in/", work_views.AdviserSignInView.as_view(), name="api-care-adviser-sign-in"
    ),
    path(
        "adviser/sign-out/",
        work_views.AdviserSignOutView.as_view(),
        name="api-care-adviser-sign-out",
    ),
    path(
        "adviser/consultations/",
        work_views.ConsultationCreateView.as_view(),
        name="api-care-adviser-consultations",
    ),
    path("counselling/", work_views.BookingListView.as_view(), name="api-care-counselling"),
    path(
        "counselling/counts/",
        work_views.CounsellingCountsView.as_view(),
        name="api-care-counselling-counts",
    ),
    path("counselling/<int:pk>/", work_views.BookingDetailView.as_view(), name="api-care-booking"),
    path(
        "counselling/<int:pk>/move/",
        work_views.BookingMoveView.as_view(),
        name="api-care-booking-move",
    ),
]
