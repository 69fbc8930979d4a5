"""The people app's API routes, included under /api/v1/ by offramp/api/urls.py."""

from django.urls import path

from . import api as views

urlpatterns = [
    path("people/", views.PeopleView.as_view(), name="api_people"),
    path("people/search/", views.PeopleSearchView.as_view(), name="api_people_search"),
    path("people/<uuid:person_id>/", views.PersonView.as_view(), name="api_person"),
    path("people/<uuid:person_id>/contacts/", views.PersonContactsView.as_view(), name="api_person_contacts"),
    path("people/<uuid:person_id>/relationships/", views.PersonRelationshipsView.as_view(),
         name="api_person_relationships"),
    path("people/<uuid:person_id>/contacts/<uuid:contact_id>/", views.PersonContactView.as_view(),
         name="api_person_contact"),
]
