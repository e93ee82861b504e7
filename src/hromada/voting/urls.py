"""Voting pages: the ballot, receipts and results under /budget/<edition>/, the desk and
the commission's work under /staff/budget/<edition>/."""

from django.urls import path

from hromada.voting.views import desk, public, results, staff_count, staff_key

app_name = "voting"

urlpatterns = [
    # Residents.
    path("budget/<slug:edition>/vote/", public.ballot, name="ballot"),
    path("budget/<slug:edition>/vote/confirm/", public.confirm, name="confirm"),
    path("budget/<slug:edition>/vote/cast/", public.cast, name="cast"),
    path("budget/<slug:edition>/vote/done/", public.done, name="done"),
    path("budget/<slug:edition>/receipt/", public.receipt_check, name="receipt"),
    path("budget/<slug:edition>/results/", results.results, name="results"),
    path("budget/<slug:edition>/results/files/<str:name>", results.file, name="results_file"),
    # The service-centre desk.
    path("staff/budget/<slug:edition>/desk/", desk.identify, name="desk"),
    path("staff/budget/<slug:edition>/desk/ballot/", desk.ballot, name="desk_ballot"),
    path("staff/budget/<slug:edition>/desk/confirm/", desk.confirm, name="desk_confirm"),
    path("staff/budget/<slug:edition>/desk/cast/", desk.cast, name="desk_cast"),
    path("staff/budget/<slug:edition>/desk/receipt/", desk.receipt, name="desk_receipt"),
    path("staff/budget/<slug:edition>/desk/paper/", desk.paper, name="desk_paper"),
    path("staff/budget/<slug:edition>/desk/paper-form.pdf", desk.paper_form, name="paper_form"),
    path("staff/budget/<slug:edition>/desk/tally/", desk.tally, name="desk_tally"),
    path("staff/desk/locked/", desk.locked, name="desk_locked"),
    # The commission's key, the count, approval, annulment.
    path("staff/budget/<slug:edition>/voting/", staff_count.overview, name="staff_overview"),
    path("staff/budget/<slug:edition>/voting/key/", staff_key.key, name="staff_key"),
    path("staff/budget/<slug:edition>/voting/annul/", staff_key.annul, name="staff_annul"),
    path("staff/budget/<slug:edition>/voting/count/", staff_count.count, name="staff_count"),
    path(
        "staff/budget/<slug:edition>/voting/counts/<int:sequence>/",
        staff_count.snapshot,
        name="staff_snapshot",
    ),
    path(
        "staff/budget/<slug:edition>/voting/counts/<int:sequence>/files/<str:name>",
        staff_count.snapshot_file,
        name="staff_snapshot_file",
    ),
    path(
        "staff/budget/<slug:edition>/voting/counts/<int:sequence>/approve/",
        staff_count.approve,
        name="staff_approve",
    ),
    path(
        "staff/budget/<slug:edition>/voting/counts/<int:sequence>/protocol.<str:fmt>",
        staff_count.protocol,
        name="staff_protocol",
    ),
]
