from django.urls import path

from care import views

app_name = "care"

urlpatterns = [
    path("", views.hub, name="hub"),
    path("register/", views.register, name="register"),
    path("people/<int:pk>/", views.person, name="person"),
    path("tags/new/", views.tag_add, name="tag_add"),
    path("tags/import/", views.tags_import, name="import"),
    path("tags/<int:pk>/edit/", views.tag_edit, name="tag_edit"),
    path("tags/<int:pk>/remove/", views.tag_remove, name="tag_remove"),
]
