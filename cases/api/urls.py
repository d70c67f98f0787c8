from django.urls import path

from cases.api import views

urlpatterns = [
    path("cases/categories/", views.CategoryListView.as_view(), name="cases-api-categories"),
    path("cases/", views.CaseReportView.as_view(), name="cases-api-report"),
    path("cases/mine/", views.MyCaseListView.as_view(), name="cases-api-mine"),
    path("cases/assigned/", views.AssignedCaseListView.as_view(), name="cases-api-assigned"),
    path("cases/board/", views.BoardCaseListView.as_view(), name="cases-api-board"),
    path("cases/indicators/", views.IndicatorsView.as_view(), name="cases-api-indicators"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="cases-api-detail"),
    path("cases/<int:pk>/accept/", views.CaseAcceptView.as_view(), name="cases-api-accept"),
    path("cases/<int:pk>/reject/", views.CaseRejectView.as_view(), name="cases-api-reject"),
    path("cases/<int:pk>/dispatch/", views.CaseDispatchView.as_view(), name="cases-api-dispatch"),
    path("cases/<int:pk>/start/", views.CaseStartView.as_view(), name="cases-api-start"),
    path("cases/<int:pk>/return/", views.CaseReturnView.as_view(), name="cases-api-return"),
    path("cases/<int:pk>/hold/", views.CaseHoldView.as_view(), name="cases-api-hold"),
    path("cases/<int:pk>/submit/", views.CaseSubmitView.as_view(), name="cases-api-submit"),
    path("cases/<int:pk>/verify/", views.CaseVerifyView.as_view(), name="cases-api-verify"),
    path("cases/<int:pk>/rate/", views.CaseRateView.as_view(), name="cases-api-rate"),
    path("cases/<int:pk>/reopen/", views.CaseReopenView.as_view(), name="cases-api-reopen"),
    path("cases/<int:pk>/merge/", views.CaseMergeView.as_view(), name="cases-api-merge"),
]
