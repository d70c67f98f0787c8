app_name = "points"

urlpatterns = []
