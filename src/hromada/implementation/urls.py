"""Delivery of the winning projects: public pages under /budget/<edition>/implementation/,
staff pages under /staff/budget/<edition>/implementation/."""

from django.urls import path

from hromada.implementation.evaluation.urls import urlpatterns as evaluation_patterns
from hromada.implementation.views import public, staff

app_name = "implementation"

PUBLIC = "budget/<slug:edition>/implementation/"
PUBLIC_RECORD = f"{PUBLIC}<int:project_id>/"
STAFF = "staff/budget/<slug:edition>/implementation/"
STAFF_RECORD = f"{STAFF}<int:record_id>/"

urlpatterns: list = [
    path(PUBLIC, public.public_list, name="public_list"),
    path(f"{PUBLIC}map.geojson", public.public_map, name="public_map"),
    path(PUBLIC_RECORD, public.record_page, name="public_record"),
    path(f"{PUBLIC_RECORD}sign-off/", public.record_sign_off, name="public_sign_off"),
    path(f"{PUBLIC_RECORD}photos/<int:photo_id>/", public.photo, name="public_photo"),
    path("staff/implementation/", staff.editions, name="staff_editions"),
    path(STAFF, staff.overview, name="staff_overview"),
    path(f"{STAFF}create/", staff.create, name="staff_create_records"),
    path(STAFF_RECORD, staff.record_detail, name="staff_record"),
    path(f"{STAFF_RECORD}plan/", staff.record_assign, name="staff_record_assign"),
    path(f"{STAFF_RECORD}status/", staff.record_status, name="staff_record_status"),
    path(f"{STAFF_RECORD}progress/", staff.record_progress_view, name="staff_record_progress"),
    path(
        f"{STAFF_RECORD}procurement/",
        staff.record_procurement_view,
        name="staff_record_procurement",
    ),
    path(f"{STAFF_RECORD}payments/", staff.record_payment_view, name="staff_record_payment"),
    path(f"{STAFF_RECORD}updates/", staff.record_update, name="staff_record_update"),
    path(f"{STAFF_RECORD}photos/<int:photo_id>/", staff.record_photo, name="staff_record_photo"),
    *evaluation_patterns,
]
