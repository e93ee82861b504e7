"""Statistics addresses, part of the portal's URL map (app "portal"). They are included
before the budget's, so /budget/stats/ is this page and never an edition called
"stats" (that slug is reserved)."""

from django.urls import path

from hromada.portal.statistics import views

EDITION = "budget/<slug:edition>/stats"

urlpatterns: list = [
    path("budget/stats/", views.stats, name="stats"),
    path("budget/stats.xlsx", views.stats_workbook, name="stats_workbook"),
    path("budget/stats/<slug:table>.csv", views.stats_csv, name="stats_csv"),
    path("budget/stats/<slug:table>.xlsx", views.stats_xlsx, name="stats_xlsx"),
    path(f"{EDITION}/", views.edition_stats, name="edition_stats"),
    path(f"{EDITION}.xlsx", views.edition_stats_workbook, name="edition_stats_workbook"),
    path(f"{EDITION}/<slug:table>.csv", views.edition_stats_csv, name="edition_stats_csv"),
    path(f"{EDITION}/<slug:table>.xlsx", views.edition_stats_xlsx, name="edition_stats_xlsx"),
]
