"""The cases app's API routes, included under /api/v1/ by offramp/api/urls.py."""

from django.urls import path

from . import api as views

urlpatterns = [
    path("cases/", views.CasesView.as_view(), name="api_cases"),
    path("cases/<uuid:case_id>/", views.CaseView.as_view(), name="api_case"),
    path("cases/<uuid:case_id>/transitions/", views.CaseTransitionView.as_view(), name="api_case_transition"),
    path("cases/<uuid:case_id>/participants/", views.CaseParticipantsView.as_view(), name="api_case_participants"),
    path("cases/<uuid:case_id>/team/", views.CaseTeamView.as_view(), name="api_case_team"),
    path("cases/<uuid:case_id>/break-glass/", views.CaseBreakGlassView.as_view(), name="api_case_break_glass"),
    path("cases/<uuid:case_id>/notes/", views.CaseNotesView.as_view(), name="api_case_notes"),
    path("notes/<uuid:note_id>/", views.NoteView.as_view(), name="api_note"),
    path("notes/<uuid:note_id>/sign/", views.NoteSignView.as_view(), name="api_note_sign"),
    path("clocks/<uuid:clock_id>/delay/", views.ClockDelayView.as_view(), name="api_clock_delay"),
    path("notes/<uuid:note_id>/addenda/", views.NoteAddendumView.as_view(), name="api_note_addendum"),
]
