from django.urls import path

from . import views

app_name = "protocol"
URL_PREFIX = "protocol/"

urlpatterns = [
    path("cases/<uuid:case_id>/evaluation/", views.evaluation_view, name="evaluation"),
    path("cases/<uuid:case_id>/plan/", views.plan_view, name="plan"),
    path("cases/<uuid:case_id>/monitoring/", views.monitoring_view, name="monitoring"),
    path("cases/<uuid:case_id>/coaching/", views.coaching_view, name="coaching"),
    path("cases/<uuid:case_id>/check-in/", views.check_in_view, name="check_in"),
]
