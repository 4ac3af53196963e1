app_name = "advisors"

urlpatterns = []
