from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.admin import sensitive_post_parameters_m
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from offramp.core.access import Forbidden, NotFound
from offramp.core.admin_site import admin_org_ids
from offramp.core.audit import Action, audit_record
from offramp.core.models import (
    DEFAULT_CONFIDENTIALITY_LIMITS,
    Membership,
    Organization,
    TaxonomyTerm,
    User,
)


def limit_to_orgs(queryset, orgs):
    """The rows of `queryset` an admin of `orgs` may pick in a form (orgs None: a superuser, all).
    Organisations: theirs; users: those with a membership in one of them; a model with an
    `organization`: its rows in them. Anything else is refused (no choices) until a rule is added here."""
    if orgs is None:
        return queryset
    model = queryset.model
    if issubclass(model, Organization):
        return queryset.filter(pk__in=orgs)
    if issubclass(model, User):
        # A subquery, not a join: a user with two roles must still be one choice (the form's .get()).
        return queryset.filter(pk__in=Membership.objects.filter(organization__in=orgs).values("user_id"))
    try:
        owner = model._meta.get_field("organization")
    except FieldDoesNotExist:
        return queryset.none()
    if getattr(owner, "related_model", None) is not Organization:
        return queryset.none()
    return queryset.filter(organization__in=orgs)


if TYPE_CHECKING:  # the mixin's methods call the admin's own (it is only ever mixed into one)
    _AdminBase = admin.options.BaseModelAdmin[Any]
else:
    _AdminBase = object


class OrgScopedChoices(_AdminBase):
    """The one rule for every foreign key and many-to-many in the admin (model admins and inlines):
    an org admin chooses only among their own organisations' rows, and a POSTed id outside them
    is an invalid choice, so a form error, never saved."""

    def _orgs(self, request):
        return None if request.user.is_superuser else admin_org_ids(request.user)

    def _scoped_choices(self, db_field, request, kwargs) -> None:
        orgs = self._orgs(request)
        if orgs is None:
            return
        queryset = kwargs.get("queryset")
        if queryset is None:
            queryset = self.get_field_queryset(kwargs.get("using"), db_field, request)
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(kwargs.get("using"))
        kwargs["queryset"] = limit_to_orgs(queryset, orgs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scoped_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scoped_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class OrgScopedAdmin(OrgScopedChoices, admin.ModelAdmin):
    """An org admin sees and changes only their own organisations' rows (anything else is a 404,
    like a missing row), chooses only among their rows in every form; every change is audited."""

    org_field = "organization"

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

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with "does not exist"; here, as in the pages, another
        # organisation's row and a missing one are the same 404 (change, delete, history).
        raise NotFound()

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
    fieldsets = [
        (None, {"fields": ["name", "slug", "country", "subdivision", "time_zone", "workday_start", "workday_end",
                           "working_weekdays", "case_reference_prefix", "small_cell_threshold"]}),
        (_("Safety and the public pages"), {"fields": [
            "emergency_number", "crisis_line", "emergency_guidance", "confidentiality_limits",
            "public_language", "quick_exit_url"]}),
    ]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "quick_exit_url":
            kwargs["assume_scheme"] = "https"
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "confidentiality_limits":  # what shows while the field is left empty
            field.widget.attrs["placeholder"] = DEFAULT_CONFIDENTIALITY_LIMITS
        if field is not None and field.help_text:  # the admin draws help texts as HTML; ours are text ('<N')
            field.help_text = escape(field.help_text)
        return field

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            from offramp.core.crypto import keys_ensure

            keys_ensure(obj.pk)


@admin.register(Membership)
class MembershipAdmin(OrgScopedAdmin):
    """Roles. Nobody but a superuser grants or changes their own: an org admin who made themselves a
    supervisor would read every identity of the organisation on their own say-so."""

    list_display = ["user", "role", "organization"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__display_name"]
    autocomplete_fields = ["user"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user" and not request.user.is_superuser:
            field.queryset = field.queryset.exclude(pk=request.user.pk)
        return field

    def has_change_permission(self, request, obj=None):
        own = obj is not None and obj.user_id == request.user.pk and not request.user.is_superuser
        return not own and super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(OrgScopedAdmin):
    list_display = ["label", "vocabulary", "position", "active", "organization"]
    list_filter = ["vocabulary", "active"]


class MembershipInline(OrgScopedChoices, admin.TabularInline):
    """The roles of the user, in the admin's own organisations only (others' are neither shown nor touched).
    Org admins get it too (the parent user is already one of theirs); a new user is created with at
    least one role, so that it lands in one of the admin's organisations and stays reachable."""

    model = Membership
    extra = 1

    def get_queryset(self, request):
        return limit_to_orgs(super().get_queryset(request), self._orgs(request))

    def _allowed(self, request, obj=None) -> bool:
        return self.admin_site.has_permission(request)

    def _allowed_to_change(self, request, obj=None) -> bool:
        """One's own roles are read-only here (see MembershipAdmin); a superuser's are not."""
        own = obj is not None and obj.pk == request.user.pk and not request.user.is_superuser
        return not own and self._allowed(request, obj)

    has_view_permission = _allowed
    has_change_permission = _allowed_to_change
    has_add_permission = _allowed_to_change
    has_delete_permission = _allowed_to_change

    def get_min_num(self, request, obj=None, **kwargs):
        return 1 if obj is None and not request.user.is_superuser else 0

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("validate_min", True)
        return super().get_formset(request, obj, **kwargs)


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

    # The account itself (sign-in e-mail, name, password, active flag, deletion) of a user who also
    # works for an organisation the admin does not administer, or of a superuser/staff account, is
    # for that user (account pages) or a superuser; an org admin still manages its roles in their own
    # organisations. Second factors are not in the admin at all; is_staff/is_superuser never shown.
    shared_account_fields = ["email", "display_name", "is_active"]

    def has_add_permission(self, request):
        return self.admin_site.has_permission(request)

    def account_is_shared(self, request, obj) -> bool:
        if obj is None or request.user.is_superuser:
            return False
        if obj.is_superuser or obj.is_staff:
            return True
        return obj.memberships.exclude(organization__in=self._orgs(request)).exists()

    def get_fieldsets(self, request, obj=None):
        if self.account_is_shared(request, obj):
            return [(None, {"fields": self.shared_account_fields})]
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self.account_is_shared(request, obj):
            readonly += [*self.shared_account_fields, "password"]
        return readonly

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.account_is_shared(request, obj)

    @sensitive_post_parameters_m
    def user_change_password(self, request, id, form_url=""):
        if self.account_is_shared(request, self.get_object(request, unquote(id))):
            raise Forbidden()
        return super().user_change_password(request, id, form_url)

    def history_view(self, request, object_id, extra_context=None):
        # The log of a shared account holds its changes in the other organisations too.
        if self.account_is_shared(request, self.get_object(request, unquote(object_id))):
            raise Forbidden()
        return super().history_view(request, object_id, extra_context)

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
