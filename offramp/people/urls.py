from django.urls import path

from . import views

urlpatterns = [
    path("people/", views.person_list_view, name="person_list"),
    path("people/new/", views.person_create_view, name="person_create"),
    path("people/<uuid:person_id>/", views.person_detail_view, name="person_detail"),
    path("people/<uuid:person_id>/edit/", views.person_edit_view, name="person_edit"),
    path("people/<uuid:person_id>/contacts/", views.contact_add_view, name="contact_add"),
    path("people/<uuid:person_id>/contacts/<uuid:contact_id>/remove/", views.contact_remove_view,
         name="contact_remove"),
    path("people/<uuid:person_id>/relationships/", views.relationship_add_view, name="relationship_add"),
]
