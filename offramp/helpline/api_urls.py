"""The helpline app's API routes, included under /api/v1/ by offramp/api/urls.py."""

from django.urls import path

from . import api as views

urlpatterns = [
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
]
