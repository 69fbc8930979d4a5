"""/api/v1/protocol/…, mounted by the API's router (core.routing.app_routes)."""

from django.urls import path

from . import api

URL_PREFIX = "protocol/"

urlpatterns = [
    path("cases/<uuid:case_id>/", api.ProtocolView.as_view(), name="api_protocol"),
    path("cases/<uuid:case_id>/evaluation/", api.EvaluationView.as_view(), name="api_protocol_evaluation"),
    path("cases/<uuid:case_id>/plan/", api.PlanView.as_view(), name="api_protocol_plan"),
    path("cases/<uuid:case_id>/monitoring/", api.MonitoringView.as_view(), name="api_protocol_monitoring"),
    path("cases/<uuid:case_id>/coaching/", api.CoachingView.as_view(), name="api_protocol_coaching"),
    path("cases/<uuid:case_id>/check-ins/", api.CheckInsView.as_view(), name="api_protocol_check_ins"),
]
