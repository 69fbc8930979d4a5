"""/api/v1/instruments/…, included from offramp.api.urls."""

from django.urls import path

from . import api

URL_PREFIX = "instruments/"

urlpatterns = [
    path("", api.InstrumentsView.as_view(), name="api_instruments"),
    path("versions/<uuid:version_id>/", api.VersionView.as_view(), name="api_instrument_version"),
    path("responses/", api.ResponsesView.as_view(), name="api_instrument_responses"),
    path("responses/<uuid:response_id>/", api.ResponseView.as_view(), name="api_instrument_response"),
    path("responses/<uuid:response_id>/contributions/", api.ResponseContributionsView.as_view(),
         name="api_instrument_contributions"),
    path("responses/<uuid:response_id>/complete/", api.ResponseCompleteView.as_view(),
         name="api_instrument_complete"),
]
