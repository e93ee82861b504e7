from django.urls import path

from hromada.programmes.views import public, staff

app_name = "programmes"

urlpatterns = [
    path("programme/", public.current, name="current"),
    path("programme/<slug:slug>/", public.detail, name="detail"),
    path("staff/programme/", staff.overview, name="staff_overview"),
]
