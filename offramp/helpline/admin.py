from django.contrib import admin

from offramp.core.admin import OrgScopedAdmin

from .models import Resource


@admin.register(Resource)
class ResourceAdmin(OrgScopedAdmin):
    list_display = ["name", "category", "region", "active", "organization"]
    list_filter = ["category", "active"]
    search_fields = ["name", "description", "region"]
