from django.urls import path

from . import views

urlpatterns = [
    path("", views.work_queue_view, name="work_queue"),
    path("healthz", views.healthz, name="healthz"),
    path("organization/switch/", views.organization_switch, name="organization_switch"),
    path("notifications/", views.notifications_view, name="notifications"),
    path("notifications/<str:notification_id>/open/", views.notification_open_view, name="notification_open"),
    path("settings/", views.settings_view, name="settings"),
    path("settings/tokens/<int:token_id>/revoke/", views.api_token_revoke_view, name="api_token_revoke"),
    path("audit/", views.audit_view, name="audit"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("figures/", views.figures_view, name="figures"),
    path("figures/<str:key>.csv", views.figures_export, name="figures_export"),
]
