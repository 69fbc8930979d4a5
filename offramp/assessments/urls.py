from django.urls import path

from . import views

app_name = "assessments"
URL_PREFIX = "assessments/"

urlpatterns = [
    path("cases/<uuid:case_id>/", views.assessment_list_view, name="assessment_list"),
    path("cases/<uuid:case_id>/start/", views.assessment_start_view, name="assessment_start"),
    path("<uuid:assessment_id>/", views.assessment_detail_view, name="assessment_detail"),
    path("<uuid:assessment_id>/answer/", views.assessment_answer_view, name="assessment_answer"),
    path("<uuid:assessment_id>/compare/<uuid:other_id>/", views.assessment_compare_view, name="assessment_compare"),
    path("<uuid:assessment_id>/decisions/", views.assessment_decide_view, name="assessment_decide"),
    path("<uuid:assessment_id>/consultation/", views.assessment_consultation_view, name="assessment_consultation"),
    path("<uuid:assessment_id>/consultation/confirm/", views.assessment_confirm_consultation_view,
         name="assessment_confirm_consultation"),
    path("<uuid:assessment_id>/close-alerts/", views.assessment_alert_close_view, name="assessment_alert_close"),
]
