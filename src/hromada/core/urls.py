from django.urls import path

from hromada.core.views import staff

app_name = "core"

urlpatterns = [
    path("staff/activity/", staff.activity_log, name="activity_log"),
]
