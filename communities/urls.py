from django.urls import path

from communities import views

app_name = "communities"

urlpatterns = [
    path("", views.my_community, name="my_community"),
]
