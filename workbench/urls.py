from django.urls import path

from workbench import views

app_name = "workbench"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.place, name="place"),
    path("<int:pk>/performance/", views.performance, name="performance"),
    path("<int:pk>/performance.xlsx", views.performance_export, name="performance_export"),
]
