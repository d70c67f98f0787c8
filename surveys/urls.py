from django.urls import path

from surveys import views, views_catalogue

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("manage/", views.manage, name="manage"),
    path("new/", views.new, name="new"),
    path("needs/", views.needs, name="needs"),
    path("needs/demand/", views.demand, name="demand"),
    path("needs/catalogue/", views_catalogue.catalogue_page, name="catalogue"),
    path(
        "needs/catalogue/category/<int:pk>/",
        views_catalogue.category_edit,
        name="catalogue_category",
    ),
    path(
        "needs/catalogue/category/<int:pk>/retire/",
        views_catalogue.category_retire,
        name="catalogue_category_retire",
    ),
    path("needs/catalogue/item/<int:pk>/", views_catalogue.item_edit, name="catalogue_item"),
    path(
        "needs/catalogue/item/<int:pk>/active/",
        views_catalogue.item_active,
        name="catalogue_item_active",
    ),
    path("needs/for/<int:user_id>/", views.needs_for, name="needs_for"),
    path("<int:pk>/for/<int:user_id>/", views.answer_for, name="answer_for"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
]
