"""/api/v1/peer-groups/…, mounted by the API's router (core.routing.app_routes)."""

from django.urls import path

from . import api

URL_PREFIX = "peer-groups/"

urlpatterns = [
    path("sessions/", api.SessionsView.as_view(), name="api_group_sessions"),
    path("sessions/<uuid:session_id>/", api.SessionView.as_view(), name="api_group_session"),
]
