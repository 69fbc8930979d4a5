from django.urls import path

from . import views

app_name = "instruments"
URL_PREFIX = "instruments/"

urlpatterns = [
    path("", views.instrument_list_view, name="instrument_list"),
    path("import/", views.instrument_import_view, name="instrument_import"),
    path("<uuid:instrument_id>/", views.instrument_detail_view, name="instrument_detail"),
    path("versions/<uuid:version_id>/", views.version_detail_view, name="version_detail"),
    path("versions/<uuid:version_id>/export.json", views.version_export_view, name="version_export"),
    path("versions/<uuid:version_id>/respond/", views.response_start_view, name="response_start"),
    path("responses/<uuid:response_id>/", views.response_detail_view, name="response_detail"),
    path("responses/<uuid:response_id>/answer/", views.response_answer_view, name="response_answer"),
    path("responses/<uuid:response_id>/compare/<uuid:other_id>/", views.response_compare_view,
         name="response_compare"),
]
