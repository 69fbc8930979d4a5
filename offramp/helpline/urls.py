from django.urls import path

from . import views

urlpatterns = [
    path("directory/", views.resource_list_view, name="resource_list"),
    path("directory/new/", views.resource_create_view, name="resource_create"),
    path("directory/import/", views.resource_import_view, name="resource_import"),
    path("directory/export.csv", views.resource_export_view, name="resource_export"),
    path("directory/<uuid:resource_id>/", views.resource_detail_view, name="resource_detail"),
    path("directory/<uuid:resource_id>/edit/", views.resource_edit_view, name="resource_edit"),
]
