from django.urls import path

from . import views

app_name = "peer_groups"
URL_PREFIX = "peer-groups/"

urlpatterns = [
    path("", views.session_list_view, name="session_list"),
    path("<uuid:session_id>/", views.session_detail_view, name="session_detail"),
]
