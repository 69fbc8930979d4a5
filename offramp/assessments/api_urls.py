"""/api/v1/assessments/…, mounted by the API's router (core.routing.app_routes)."""

from django.urls import path

from . import api

URL_PREFIX = "assessments/"

urlpatterns = [
    path("cases/<uuid:case_id>/", api.CaseAssessmentsView.as_view(), name="api_case_assessments"),
    path("<uuid:assessment_id>/", api.AssessmentView.as_view(), name="api_assessment"),
    path("<uuid:assessment_id>/contributions/", api.AssessmentContributionsView.as_view(),
         name="api_assessment_contributions"),
    path("<uuid:assessment_id>/decisions/", api.AssessmentDecisionsView.as_view(), name="api_assessment_decisions"),
    path("<uuid:assessment_id>/compare/<uuid:other_id>/", api.AssessmentCompareView.as_view(),
         name="api_assessment_compare"),
    path("<uuid:assessment_id>/consultation/", api.AssessmentConsultationView.as_view(),
         name="api_assessment_consultation"),
    path("<uuid:assessment_id>/consultation/confirm/", api.AssessmentConsultationConfirmView.as_view(),
         name="api_assessment_consultation_confirm"),
    path("<uuid:assessment_id>/complete/", api.AssessmentCompleteView.as_view(), name="api_assessment_complete"),
]
