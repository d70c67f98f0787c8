from django.urls import path

from care.api import views

urlpatterns = [
    path("people/", views.RegisterListView.as_view(), name="api-care-people"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="api-care-person"),
    path("people/<int:pk>/visits/", views.VisitRecordView.as_view(), name="api-care-visit-new"),
    path("visits/due/", views.VisitsDueView.as_view(), name="api-care-visits-due"),
    path("visits/<int:pk>/case/", views.VisitToCaseView.as_view(), name="api-care-visit-case"),
]
