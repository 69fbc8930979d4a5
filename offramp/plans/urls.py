from django.urls import path

from . import views

app_name = "plans"
URL_PREFIX = "plans/"

urlpatterns = [
    path("cases/<uuid:case_id>/", views.plan_view, name="plan"),
    path("cases/<uuid:case_id>/goals/new/", views.goal_create_view, name="goal_create"),
    path("cases/<uuid:case_id>/tasks/new/", views.task_create_view, name="task_create"),
    path("goals/<uuid:goal_id>/edit/", views.goal_edit_view, name="goal_edit"),
    path("goals/<uuid:goal_id>/progress/", views.goal_progress_view, name="goal_progress"),
    path("goals/<uuid:goal_id>/achieve/", views.goal_achieve_view, name="goal_achieve"),
    path("goals/<uuid:goal_id>/drop/", views.goal_drop_view, name="goal_drop"),
    path("tasks/<uuid:task_id>/done/", views.task_done_view, name="task_done"),
]
