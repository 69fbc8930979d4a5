from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from offramp.core.decorators import public

urlpatterns = [
    path("", include("offramp.core.urls")),
    path("", include("offramp.people.urls")),
    path("", include("offramp.cases.urls")),
    path("", include("offramp.helpline.urls")),
    path("instruments/", include("offramp.instruments.urls", namespace="instruments")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", include("offramp.api.urls")),
]

handler400 = "offramp.core.views.bad_request_view"
