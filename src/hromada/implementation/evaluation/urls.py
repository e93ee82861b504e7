"""Evaluation pages, in the `implementation` namespace: ratings of delivered projects,
the process survey and the edition's evaluation summary (public, under /budget/), the
moderation of comments and the survey's questions (staff, under /staff/budget/)."""

from django.urls import path

from hromada.implementation.evaluation.views import evaluation, ratings, staff, survey

EDITION = "budget/<slug:edition>/"
STAFF = "staff/budget/<slug:edition>/"
QUESTION = f"{STAFF}survey/questions/<int:question_id>/"

urlpatterns: list = [
    # Residents.
    path(
        f"{EDITION}implementation/<int:project_id>/rate/",
        ratings.rate,
        name="rating_form",
    ),
    path(f"{EDITION}survey/", survey.survey, name="survey"),
    path(f"{EDITION}survey/results/", survey.results, name="survey_results"),
    path(
        f"{EDITION}survey/results/<str:file_name>",
        survey.download,
        name="survey_download",
    ),
    path(f"{EDITION}evaluation/", evaluation.summary_page, name="evaluation"),
    path(f"{EDITION}evaluation.pdf", evaluation.summary_pdf, name="evaluation_pdf"),
    # Staff.
    path(f"{STAFF}ratings/", ratings.moderation, name="rating_moderation"),
    path(f"{STAFF}ratings/<int:rating_id>/", ratings.moderate, name="rating_moderate"),
    path(f"{STAFF}survey/", staff.survey_manage, name="survey_manage"),
    path(f"{STAFF}survey/questions/new/", staff.question_add, name="survey_question_add"),
    path(QUESTION, staff.question_edit, name="survey_question_edit"),
    path(f"{QUESTION}remove/", staff.question_remove, name="survey_question_remove"),
    path(f"{QUESTION}move/", staff.question_move, name="survey_question_move"),
]
