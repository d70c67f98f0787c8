from django.urls import path

from bench import views
from config.urls import urlpatterns as product_urlpatterns

urlpatterns = [
    path("bench/bare-read/", views.bare_read),
    path("bench/bare-write/<int:pk>/", views.bare_write),
    *product_urlpatterns,
]
