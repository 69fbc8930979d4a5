from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction

from offramp.core.admin_site import admin_org_ids
from offramp.core.audit import Action, audit_record
from offramp.core.models import Membership, Organization, TaxonomyTerm, User


class OrgScopedAdmin(admin.ModelAdmin):
    """An org admin sees and changes only their own organisations' rows; every change is audited."""

    org_field = "organization"

    def _orgs(self, request):
        return None if request.user.is_superuser else admin_org_ids(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        orgs = self._orgs(request)
        return queryset if orgs is None else queryset.filter(**{f"{self.org_field}__in": orgs}).distinct()

    def _allowed(self, request, obj=None) -> bool:
        if not self.admin_site.has_permission(request):
            return False
        orgs = self._orgs(request)
        return orgs is None or obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request):
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj)

    has_change_permission = has_view_permission
    has_add_permission = has_view_permission
    has_delete_permission = has_view_permission

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        orgs = self._orgs(request)
        if db_field.name == "organization" and orgs is not None:
            kwargs["queryset"] = Organization.objects.filter(pk__in=orgs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _audit(self, request, obj, action: str) -> None:
        org = obj if isinstance(obj, Organization) else getattr(obj, "organization_id", None)
        with transaction.atomic():
            audit_record(actor=request.user, organization=org, action=action,
                         object_type=obj._meta.model_name, object_id=obj.pk, detail={"via": "admin"})

    def log_addition(self, request, obj, message):
        self._audit(request, obj, Action.CREATE)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, obj, Action.UPDATE)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, Action.DELETE)
        return super().log_deletions(request, queryset)


@admin.register(Organization)
class OrganizationAdmin(OrgScopedAdmin):
    org_field = "pk"
    list_display = ["name", "slug", "country", "time_zone"]
    fields = ["name", "slug", "country", "subdivision", "time_zone", "workday_start", "workday_end",
              "working_weekdays", "case_reference_prefix", "small_cell_threshold", "emergency_guidance"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            from offramp.core.crypto import keys_ensure

            keys_ensure(obj.pk)


@admin.register(Membership)
class MembershipAdmin(OrgScopedAdmin):
    list_display = ["user", "role", "organization"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__display_name"]
    autocomplete_fields = ["user"]


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(OrgScopedAdmin):
    list_display = ["label", "vocabulary", "position", "active", "organization"]
    list_filter = ["vocabulary", "active"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organization" and not request.user.is_superuser:
            kwargs["queryset"] = Organization.objects.filter(pk__in=admin_org_ids(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(organization__in=admin_org_ids(request.user))


@admin.register(User)
class UserAdmin(OrgScopedAdmin, BaseUserAdmin):
    """Staff accounts. Org admins see the staff of their own organisations."""

    org_field = "memberships__organization"
    ordering = ["email"]
    list_display = ["email", "display_name", "is_active"]
    search_fields = ["email", "display_name"]
    list_filter = ["is_active"]
    inlines = [MembershipInline]
    fieldsets = [(None, {"fields": ["email", "display_name", "password", "is_active"]})]
    add_fieldsets = [(None, {"fields": ["email", "display_name", "password1", "password2"]})]
    readonly_fields = []

    def has_add_permission(self, request):
        return self.admin_site.has_permission(request)

    def _audit(self, request, obj, action: str) -> None:
        with transaction.atomic():
            audit_record(actor=request.user, organization=None, action=action,
                         object_type="user", object_id=obj.pk, detail={"via": "admin"})


# Not managed here: groups and permissions (roles are memberships), e-mail addresses and
# second factors (each user manages their own through the account pages).
from allauth.account.models import EmailAddress  # noqa: E402
from allauth.mfa.models import Authenticator  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402

for _model in (Group, EmailAddress, Authenticator):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
