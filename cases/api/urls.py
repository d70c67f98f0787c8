from django.urls import path

from cases.api import views

urlpatterns = [
    path("categories/", views.CategoryListView.as_view(), name="cases-api-categories"),
    path("", views.CaseReportView.as_view(), name="cases-api-report"),
    path("mine/", views.MyCaseListView.as_view(), name="cases-api-mine"),
    path("assigned/", views.AssignedCaseListView.as_view(), name="cases-api-assigned"),
    path("board/", views.BoardCaseListView.as_view(), name="cases-api-board"),
    path("indicators/", views.IndicatorsView.as_view(), name="cases-api-indicators"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="cases-api-detail"),
    path("<int:pk>/accept/", views.CaseAcceptView.as_view(), name="cases-api-accept"),
    path("<int:pk>/reject/", views.CaseRejectView.as_view(), name="cases-api-reject"),
    path("<int:pk>/dispatch/", views.CaseDispatchView.as_view(), name="cases-api-dispatch"),
    path("<int:pk>/start/", views.CaseStartView.as_view(), name="cases-api-start"),
    path("<int:pk>/return/", views.CaseReturnView.as_view(), name="cases-api-return"),
    path("<int:pk>/hold/", views.CaseHoldView.as_view(), name="cases-api-hold"),
    path("<int:pk>/submit/", views.CaseSubmitView.as_view(), name="cases-api-submit"),
    path("<int:pk>/verify/", views.CaseVerifyView.as_view(), name="cases-api-verify"),
    path("<int:pk>/rate/", views.CaseRateView.as_view(), name="cases-api-rate"),
    path("<int:pk>/reopen/", views.CaseReopenView.as_view(), name="cases-api-reopen"),
    path("<int:pk>/merge/", views.CaseMergeView.as_view(), name="cases-api-merge"),
]
