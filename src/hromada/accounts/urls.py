from django.urls import path

from hromada.accounts.views import demo, public, staff

app_name = "accounts"

urlpatterns = [
    path("profile/", public.profile, name="profile"),
    path("staff/team/", staff.team_list, name="team_list"),
    path("staff/team/grant/", staff.grant, name="grant"),
    path("staff/team/memberships/<int:membership_id>/revoke/", staff.revoke, name="revoke"),
    path("staff/departments/", staff.department_list, name="department_list"),
    path("staff/departments/new/", staff.department_create, name="department_create"),
    path(
        "staff/departments/<int:department_id>/", staff.department_detail, name="department_detail"
    ),
    path(
        "staff/departments/<int:department_id>/edit/", staff.department_edit, name="department_edit"
    ),
    path("demo/accounts/", demo.demo_accounts, name="demo_accounts"),
    path("demo/accounts/<str:role>/sign-in/", demo.demo_sign_in, name="demo_sign_in"),
]
