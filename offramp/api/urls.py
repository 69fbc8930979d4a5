from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from offramp.core.decorators import public

from . import views

v1 = [
    path("me/", views.MeView.as_view(), name="api_me"),
    path("people/", views.PeopleView.as_view(), name="api_people"),
    path("people/search/", views.PeopleSearchView.as_view(), name="api_people_search"),
    path("people/<uuid:person_id>/", views.PersonView.as_view(), name="api_person"),
    path("people/<uuid:person_id>/contacts/", views.PersonContactsView.as_view(), name="api_person_contacts"),
    path("people/<uuid:person_id>/relationships/", views.PersonRelationshipsView.as_view(),
         name="api_person_relationships"),
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
    path("people/<uuid:person_id>/contacts/<uuid:contact_id>/", views.PersonContactView.as_view(),
         name="api_person_contact"),
    path("notes/<uuid:note_id>/addenda/", views.NoteAddendumView.as_view(), name="api_note_addendum"),
    path("work-queue/", views.WorkQueueView.as_view(), name="api_work_queue"),
    path("resources/", views.ResourcesView.as_view(), name="api_resources"),
    path("resources/<uuid:resource_id>/", views.ResourceView.as_view(), name="api_resource"),
    path("contacts/", views.ContactsView.as_view(), name="api_contacts"),
    path("contacts/<uuid:contact_id>/", views.ContactView.as_view(), name="api_contact"),
    path("contacts/<uuid:contact_id>/follow-ups/", views.ContactFollowUpsView.as_view(), name="api_contact_follow_ups"),
    path("contacts/<uuid:contact_id>/addenda/", views.ContactAddendaView.as_view(), name="api_contact_addenda"),
    path("contacts/<uuid:contact_id>/claim/", views.ContactClaimView.as_view(), name="api_contact_claim"),
    path("contacts/<uuid:contact_id>/release/", views.ContactReleaseView.as_view(), name="api_contact_release"),
    path("contacts/<uuid:contact_id>/assign/", views.ContactAssignView.as_view(), name="api_contact_assign"),
    path("contacts/<uuid:contact_id>/merge/", views.ContactMergeView.as_view(), name="api_contact_merge"),
    path("help-requests/", views.HelpRequestsView.as_view(), name="api_help_requests"),
    path("help-requests/<uuid:request_id>/claim/", views.HelpRequestClaimView.as_view(), name="api_help_request_claim"),
    path("help-requests/<uuid:request_id>/assign/", views.HelpRequestAssignView.as_view(),
         name="api_help_request_assign"),
    path("help-requests/<uuid:request_id>/done/", views.HelpRequestDoneView.as_view(), name="api_help_request_done"),
    path("follow-ups/<uuid:follow_up_id>/done/", views.FollowUpDoneView.as_view(), name="api_follow_up_done"),
    path("helpline/figures/", views.HelplineFiguresView.as_view(), name="api_helpline_figures"),
    path("audit-events/", views.AuditEventsView.as_view(), name="api_audit_events"),
    path("instruments/", include("offramp.instruments.api_urls")),
]

urlpatterns = [
    path("schema/", public(SpectacularAPIView.as_view()), name="api_schema"),
    path("docs/", public(SpectacularSwaggerSplitView.as_view(url_name="api_schema")), name="api_docs"),
    path("v1/", include(v1)),
]
