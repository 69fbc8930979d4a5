from django.urls import path

from . import views

urlpatterns = [
    path("cases/", views.case_list_view, name="case_list"),
    path("cases/new/", views.case_open_view, name="case_open"),
    path("cases/<uuid:case_id>/", views.case_detail_view, name="case_detail"),
    path("cases/<uuid:case_id>/break-glass/", views.case_break_glass_view, name="case_break_glass"),
    path("cases/<uuid:case_id>/transition/", views.case_transition_view, name="case_transition"),
    path("cases/<uuid:case_id>/participants/", views.case_participant_add_view, name="case_participant_add"),
    path("cases/<uuid:case_id>/participants/<uuid:participant_id>/remove/", views.case_participant_remove_view,
         name="case_participant_remove"),
    path("cases/<uuid:case_id>/team/", views.case_team_add_view, name="case_team_add"),
    path("cases/<uuid:case_id>/team/<int:member_id>/remove/", views.case_team_remove_view, name="case_team_remove"),
    path("cases/<uuid:case_id>/notes/new/", views.note_create_view, name="note_create"),
    path("notes/<uuid:note_id>/edit/", views.note_edit_view, name="note_edit"),
    path("notes/<uuid:note_id>/addendum/", views.note_addendum_view, name="note_addendum"),
    path("clocks/<uuid:clock_id>/delay/", views.response_delay_view, name="response_delay"),
]
