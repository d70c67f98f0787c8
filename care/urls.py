from django.urls import path

from care import views, visit_views

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
]
