from django.urls import path, register_converter

from hromada.budget.views import author, public, staff_editions, staff_review
from hromada.budget.views import campaign as campaign_views
from hromada.budget.views import catalogue as catalogue_views
from hromada.budget.views import subscriptions as subscription_views

app_name = "budget"


class PartConverter:
    regex = "pools|categories|territories|phases"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ExportConverter(PartConverter):
    regex = r"projects\.xlsx|projects\.csv|cost-lines\.csv"

    def to_python(self, value: str) -> str:
        return {"projects.xlsx": "xlsx", "projects.csv": "csv", "cost-lines.csv": "lines.csv"}[
            value
        ]

    def to_url(self, value: str) -> str:
        return {"xlsx": "projects.xlsx", "csv": "projects.csv", "lines.csv": "cost-lines.csv"}[
            value
        ]


class ProtocolConverter(PartConverter):
    regex = "docx|pdf"


register_converter(PartConverter, "part")
register_converter(ExportConverter, "export")
register_converter(ProtocolConverter, "protocol")

EDITION = "staff/budget/<slug:edition>/"
MINE = "budget/my-projects/<int:project_id>/"
STAFF_PROJECT = f"{EDITION}projects/<int:project_id>/"

urlpatterns = [
    path("budget/", public.current, name="current"),
    path("budget/my-projects/", author.my_projects, name="my_projects"),
    path(f"{MINE}", author.workspace, name="my_project"),
    path(f"{MINE}step/<slug:step>/", author.project_step, name="project_step"),
    path(f"{MINE}submit/", author.project_submit, name="project_submit"),
    path(f"{MINE}withdraw/", author.project_withdraw, name="project_withdraw"),
    path(f"{MINE}revision/", author.revision_submit, name="revision_submit"),
    path(f"{MINE}appeal/", author.appeal, name="appeal"),
    path(
        f"{MINE}corrections/<int:correction_id>/",
        author.correction_answer,
        name="correction_answer",
    ),
    path(
        f"{MINE}co-authors/<int:co_author_id>/remove/",
        author.co_author_remove,
        name="co_author_remove",
    ),
    path(
        f"{MINE}files/<int:attachment_id>/remove/",
        author.attachment_remove,
        name="attachment_remove",
    ),
    path("budget/<slug:edition>/projects/new/", author.project_start, name="project_start"),
    path(
        "budget/<slug:edition>/projects/<int:project_id>/support/",
        author.support,
        name="support",
    ),
    path("budget/<slug:edition>/", public.edition, name="edition"),
    path("budget/<slug:edition>/projects/", catalogue_views.catalogue, name="catalogue"),
    path(
        "budget/<slug:edition>/projects/map.geojson",
        catalogue_views.catalogue_map,
        name="catalogue_map",
    ),
    path(
        "budget/<slug:edition>/projects/<int:project_id>/",
        catalogue_views.project,
        name="project",
    ),
    path(
        "budget/<slug:edition>/projects/<int:project_id>/attachments/<int:attachment_id>/",
        catalogue_views.project_attachment,
        name="project_attachment",
    ),
    path("staff/budget/", staff_editions.edition_list, name="staff_editions"),
    path("staff/budget/new/", staff_editions.edition_create, name="staff_edition_create"),
    path("staff/budget/calendar/", staff_editions.non_working_days, name="staff_calendar"),
    path(
        "staff/budget/calendar/<int:day_id>/remove/",
        staff_editions.non_working_day_remove,
        name="staff_calendar_remove",
    ),
    path("staff/budget/inbox/", staff_review.inbox, name="staff_inbox"),
    path(
        "staff/budget/assignments/<int:assignment_id>/",
        staff_review.assignment_detail,
        name="staff_assignment",
    ),
    path(
        "staff/budget/assignments/<int:assignment_id>/correction/",
        staff_review.assignment_correction,
        name="staff_assignment_correction",
    ),
    path(EDITION, staff_editions.edition_detail, name="staff_edition"),
    path(f"{EDITION}board/", staff_review.board, name="staff_board"),
    path(f"{EDITION}export/<export:file_format>", staff_review.export, name="staff_export"),
    path(f"{EDITION}protocol.<protocol:file_format>", staff_review.protocol, name="staff_protocol"),
    path(f"{STAFF_PROJECT}", staff_review.project_detail, name="staff_project"),
    path(f"{STAFF_PROJECT}return/", staff_review.project_return, name="staff_project_return"),
    path(f"{STAFF_PROJECT}accept/", staff_review.project_accept, name="staff_project_accept"),
    path(f"{STAFF_PROJECT}assign/", staff_review.project_assign, name="staff_project_assign"),
    path(f"{STAFF_PROJECT}revision/", staff_review.project_revision, name="staff_project_revision"),
    path(f"{STAFF_PROJECT}decision/", staff_review.project_decision, name="staff_project_decision"),
    path(f"{STAFF_PROJECT}supports/", staff_review.paper_supports, name="staff_paper_supports"),
    path(
        f"{STAFF_PROJECT}files/<int:attachment_id>/",
        staff_review.project_file,
        name="staff_project_file",
    ),
    path(f"{EDITION}settings/", staff_editions.edition_settings, name="staff_edition_settings"),
    path(f"{EDITION}copy/", staff_editions.edition_copy, name="staff_edition_copy"),
    path(
        f"{EDITION}phases/<int:phase_id>/close/",
        staff_editions.phase_close,
        name="staff_phase_close",
    ),
    path(f"{EDITION}<part:part>/", staff_editions.edition_parts, name="staff_parts"),
    path(
        f"{EDITION}<part:part>/<int:part_id>/",
        staff_editions.edition_part_edit,
        name="staff_part_edit",
    ),
    path(
        f"{EDITION}<part:part>/<int:part_id>/remove/",
        staff_editions.edition_part_remove,
        name="staff_part_remove",
    ),
    # Information campaign: calendar, iCalendar feed, posters (added below this line).
    path("budget/<slug:edition>/calendar/", campaign_views.calendar, name="calendar"),
    path(
        "budget/<slug:edition>/calendar.ics",
        campaign_views.calendar_ics,
        name="calendar_ics",
    ),
    path("budget/<slug:edition>/poster.pdf", campaign_views.poster, name="poster"),
    path("budget/<slug:edition>/flyer.pdf", campaign_views.flyer, name="flyer"),
    # Notifications: subscriptions, follows (added below this line).
    path(
        "budget/<slug:edition>/subscribe/",
        subscription_views.edition_subscribe,
        name="edition_subscribe",
    ),
    path(
        "budget/<slug:edition>/unsubscribe/",
        subscription_views.edition_unsubscribe,
        name="edition_unsubscribe",
    ),
    path(
        "budget/<slug:edition>/projects/<int:project_id>/follow/",
        subscription_views.project_follow,
        name="project_follow",
    ),
    path(
        "budget/<slug:edition>/projects/<int:project_id>/unfollow/",
        subscription_views.project_unfollow,
        name="project_unfollow",
    ),
]
