"""The API router: the platform's endpoints, then every app's `api_urls`, under /api/v1/."""

from django.urls import URLPattern, URLResolver, include, path
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from offramp.core.decorators import public
from offramp.core.routing import app_routes

from . import platform

v1: list[URLPattern | URLResolver] = [
    path("me/", platform.MeView.as_view(), name="api_me"),
    path("work-queue/", platform.WorkQueueView.as_view(), name="api_work_queue"),
    path("audit-events/", platform.AuditEventsView.as_view(), name="api_audit_events"),
    path("figures/", platform.FiguresView.as_view(), name="api_figures"),
    path("figures/<str:key>/", platform.FiguresTableView.as_view(), name="api_figures_table"),
    *app_routes("api_urls"),  # each app's own endpoints
]

URL_PREFIX = "api/"

urlpatterns = [
    path("schema/", public(SpectacularAPIView.as_view()), name="api_schema"),
    # GET only: the docs view draws a page, and fails on OPTIONS with no template to draw.
    path("docs/", public(require_safe(SpectacularSwaggerSplitView.as_view(url_name="api_schema"))), name="api_docs"),
    path("v1/", include(v1)),
]
