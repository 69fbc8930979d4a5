from django.contrib import admin

from offramp.core.admin import OrgScopedAdmin

from .models import ResolutionCriterion


@admin.register(ResolutionCriterion)
class ResolutionCriterionAdmin(OrgScopedAdmin):
    list_display = ["text", "kind", "position", "active", "organization"]
    list_filter = ["kind", "active"]
