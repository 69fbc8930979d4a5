"""The resource directory's pages: the list (search and filters), an entry, the admins' form, the CSV
import and the export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offramp.core.audit import Action, audit_read
from offramp.core.decorators import staff
from offramp.core.forms import apply_errors
from offramp.core.paging import window

from .. import selectors
from ..forms import ResourceFilterForm, ResourceForm, ResourceImportForm
from ..permissions import EDIT_DIRECTORY
from ..services.directory import (
    resource_create,
    resource_export_csv,
    resource_import_csv,
    resource_update,
)

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def _filters(request) -> tuple[ResourceFilterForm, dict]:
    form = ResourceFilterForm(request.GET or None)
    return form, ({k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {})


@staff()
def resource_list_view(request):
    form, filters = _filters(request)
    is_admin = request.actor.can(EDIT_DIRECTORY)
    page = window(selectors.resources_for(request.actor, include_unlisted=is_admin, **filters), request.GET.get("page"))
    audit_read(request.actor, action=Action.SEARCH if filters else Action.LIST, object_type="resource",
               count=len(page))
    return render(request, "helpline/resource_list.html", {
        "form": form, "page": page, "is_admin": is_admin, "import_form": ResourceImportForm()})


@staff()
def resource_detail_view(request, resource_id):
    resource = selectors.resource_get(request.actor, resource_id)
    return render(request, "helpline/resource_detail.html", {
        "resource": resource, "is_admin": request.actor.can(EDIT_DIRECTORY)})


def _edit(request, resource=None):
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        try:
            if resource is None:
                saved = resource_create(actor=request.actor, data=request.POST)
            else:
                saved = resource_update(actor=request.actor, resource_id=resource.pk, data=request.POST)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": saved.name})
            return redirect("resource_detail", saved.pk)
    return render(request, "helpline/resource_form.html", {"form": form, "resource": resource},
                  status=400 if request.method == "POST" else 200)


@staff(EDIT_DIRECTORY)
def resource_create_view(request):
    return _edit(request)


@staff(EDIT_DIRECTORY)
def resource_edit_view(request, resource_id):
    return _edit(request, selectors.resource_get(request.actor, resource_id))


@staff(EDIT_DIRECTORY)
@require_POST
def resource_import_view(request):
    form = ResourceImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError(_("The file is larger than 2 MB; split it into smaller files."))
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise ValidationError(_("Save the file as UTF-8 CSV and try again.")) from None
            result = resource_import_csv(actor=request.actor, text=text)
        except ValidationError as error:
            for message in error.messages[:50]:
                messages.error(request, message)
            messages.error(request, _("Nothing was imported. Correct the file and try again."))
        else:
            messages.success(request, _("Imported: %(created)d new, %(updated)d updated.") % result)
    else:
        messages.error(request, _("Choose a CSV file to import."))
    return redirect("resource_list")


@staff()
def resource_export_view(request):
    _form, filters = _filters(request)
    resources = selectors.resources_for(request.actor, include_unlisted=request.actor.can(EDIT_DIRECTORY), **filters)
    response = HttpResponse(resource_export_csv(actor=request.actor, resources=resources),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="offramp-directory.csv"'
    return response
