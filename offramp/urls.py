from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from offramp.core.decorators import public
from offramp.core.routing import app_routes
from offramp.core.views import not_offered

urlpatterns = [
    *app_routes("urls"),  # core's and every app's pages, and the API (offramp/api/urls.py, under api/)
    path("accounts/email/", not_offered),  # e-mail addresses are the admins' to set (before allauth's route)
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

handler400 = "offramp.core.views.bad_request_view"
