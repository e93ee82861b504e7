from django.urls import path

from hromada.programmes.views import public, staff

app_name = "programmes"

MEASURE = "staff/programme/measures/<int:measure_id>/"

urlpatterns = [
    path("programme/", public.current, name="current"),
    path("programme/<slug:slug>/", public.detail, name="detail"),
    path("staff/programme/", staff.overview, name="staff_overview"),
    path(
        "staff/programme/tasks/<int:task_id>/measures/new/",
        staff.measure_create,
        name="staff_measure_create",
    ),
    path(MEASURE, staff.measure_edit, name="staff_measure_edit"),
    path(f"{MEASURE}amounts/", staff.planned_amounts, name="staff_planned_amounts"),
    path(
        f"{MEASURE}amounts/<int:amount_id>/remove/",
        staff.planned_amount_remove,
        name="staff_planned_amount_remove",
    ),
    path(f"{MEASURE}indicators/", staff.indicators, name="staff_indicators"),
    path(
        f"{MEASURE}indicators/<int:indicator_id>/",
        staff.indicator_edit,
        name="staff_indicator_edit",
    ),
    path(
        f"{MEASURE}indicators/<int:indicator_id>/remove/",
        staff.indicator_remove,
        name="staff_indicator_remove",
    ),
]
