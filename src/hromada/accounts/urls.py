from django.urls import path

from hromada.accounts.views import demo, idgovua, notifications, public, staff

app_name = "accounts"

urlpatterns = [
    path("profile/", public.profile, name="profile"),
    path("accounts/id-gov-ua/start/", idgovua.start, name="idgovua_start"),
    path("accounts/id-gov-ua/callback/", idgovua.callback, name="idgovua_callback"),
    path("accounts/residency/", public.residency, name="residency"),
    path("accounts/residency/declare/", public.residency_declare, name="residency_declare"),
    path("accounts/residency/proof/", public.residency_upload, name="residency_upload"),
    path(
        "accounts/notifications/",
        notifications.notification_preferences,
        name="notification_preferences",
    ),
    path("unsubscribe/<str:token>/", notifications.unsubscribe_link, name="unsubscribe"),
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
    path("staff/residency/", staff.residency_queue, name="residency_queue"),
    path("staff/residency/<int:claim_id>/", staff.residency_claim, name="residency_claim"),
    path("staff/residency/<int:claim_id>/proof/", staff.residency_proof, name="residency_proof"),
    path("demo/accounts/", demo.demo_accounts, name="demo_accounts"),
    path("demo/accounts/<str:role>/sign-in/", demo.demo_sign_in, name="demo_sign_in"),
    path("accounts/demo-identity/", demo.demo_identities, name="demo_identity"),
    path(
        "accounts/demo-identity/<slug:resident>/sign-in/",
        demo.demo_identity_sign_in,
        name="demo_identity_sign_in",
    ),
]
