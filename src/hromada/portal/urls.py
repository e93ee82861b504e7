from django.urls import path

from hromada.portal.views import public, staff

app_name = "portal"

urlpatterns = [
    path("", public.home, name="home"),
    path("staff/", staff.dashboard, name="staff_dashboard"),
]
