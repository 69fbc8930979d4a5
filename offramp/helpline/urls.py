from django.urls import path

from . import views

urlpatterns = [
    path("directory/", views.resource_list_view, name="resource_list"),
    path("directory/new/", views.resource_create_view, name="resource_create"),
    path("directory/import/", views.resource_import_view, name="resource_import"),
    path("directory/export.csv", views.resource_export_view, name="resource_export"),
    path("directory/<uuid:resource_id>/", views.resource_detail_view, name="resource_detail"),
    path("directory/<uuid:resource_id>/edit/", views.resource_edit_view, name="resource_edit"),
    path("helpline/", views.helpline_queue_view, name="helpline_queue"),
    path("helpline/dashboard/", views.helpline_dashboard_view, name="helpline_dashboard"),
    path("helpline/contacts/new/", views.contact_create_view, name="contact_create"),
    path("helpline/contacts/draft/", views.contact_draft_view, name="contact_draft"),
    path("helpline/contacts/lookup/", views.contact_lookup_view, name="contact_lookup"),
    path("helpline/contacts/guidance/", views.contact_guidance_view, name="contact_guidance"),
    path("helpline/contacts/<uuid:contact_id>/flag/", views.caller_flag_view, name="caller_flag"),
    path("helpline/contacts/draft/discard/", views.contact_draft_discard_view, name="contact_draft_discard"),
    path("helpline/contacts/<uuid:contact_id>/", views.contact_detail_view, name="contact_detail"),
    path("helpline/contacts/<uuid:contact_id>/consultation/", views.contact_consultation_view,
         name="contact_consultation"),
    path("helpline/contacts/<uuid:contact_id>/follow-ups/", views.follow_up_create_view, name="follow_up_create"),
    path("helpline/contacts/<uuid:contact_id>/open-case/", views.contact_open_case_view, name="contact_open_case"),
    path("helpline/contacts/<uuid:contact_id>/attach-case/", views.contact_attach_case_view,
         name="contact_attach_case"),
    path("help/<slug:slug>/", views.help_request_view, name="help_request"),
    path("survey/<str:token>/", views.survey_view, name="survey"),
    path("helpline/contacts/<uuid:contact_id>/survey-link/", views.survey_link_view, name="survey_link"),
    path("help/<slug:slug>/thanks/", views.help_request_thanks_view, name="help_request_thanks"),
    path("helpline/requests/<uuid:request_id>/claim/", views.help_request_claim_view, name="help_request_claim"),
    path("helpline/requests/<uuid:request_id>/done/", views.help_request_done_view, name="help_request_done"),
    path("helpline/follow-ups/<uuid:follow_up_id>/done/", views.follow_up_complete_view, name="follow_up_complete"),
]
