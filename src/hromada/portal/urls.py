from django.urls import path

from hromada.portal.news_urls import urlpatterns as news_patterns
from hromada.portal.statistics.urls import urlpatterns as statistics_patterns
from hromada.portal.views import public, staff

app_name = "portal"

urlpatterns = [
    path("", public.home, name="home"),
    path("staff/", staff.dashboard, name="staff_dashboard"),
    *news_patterns,
    *statistics_patterns,
]
