"""/api/v1/plans/…, mounted by the API's router (core.routing.app_routes)."""

from django.urls import path

from . import api

URL_PREFIX = "plans/"

urlpatterns = [
    path("cases/<uuid:case_id>/goals/", api.CaseGoalsView.as_view(), name="api_case_goals"),
    path("cases/<uuid:case_id>/tasks/", api.CaseTasksView.as_view(), name="api_case_tasks"),
    path("goals/<uuid:goal_id>/", api.GoalView.as_view(), name="api_goal"),
    path("goals/<uuid:goal_id>/progress/", api.GoalProgressView.as_view(), name="api_goal_progress"),
    path("goals/<uuid:goal_id>/achieve/", api.GoalAchieveView.as_view(), name="api_goal_achieve"),
    path("goals/<uuid:goal_id>/drop/", api.GoalDropView.as_view(), name="api_goal_drop"),
    path("tasks/<uuid:task_id>/done/", api.TaskDoneView.as_view(), name="api_task_done"),
]
