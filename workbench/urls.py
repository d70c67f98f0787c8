from django.urls import path

from workbench import views, views_map

app_name = "workbench"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.place, name="place"),
    path("<int:pk>/map/", views_map.map_page, name="map"),
    path("<int:pk>/map.json", views_map.map_data, name="map_data"),
    path("<int:pk>/performance/", views.performance, name="performance"),
    path("<int:pk>/performance.xlsx", views.performance_export, name="performance_export"),
]
