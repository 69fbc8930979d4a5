"""The resource directory: org admins create, edit and import entries (CSV, all or nothing); anyone on
the staff exports it. Validated by the directory's form, audited."""

import csv
import io
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor, require
from offramp.core.audit import Action, audit_record
from offramp.core.spreadsheets import safe_cell

from ..forms import RESOURCE_FIELDS, ResourceForm
from ..models import Resource
from ..permissions import EDIT_DIRECTORY
from ..selectors import resource_get

MAX_IMPORT_ROWS = 5000


def _save(actor: Actor, data: Any, instance: Resource | None) -> Resource:
    form = ResourceForm(data, instance=instance)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    resource = form.save(commit=False)
    resource.organization = actor.organization
    resource.updated_at = timezone.now()
    duplicate = Resource.objects.for_actor(actor).filter(name__iexact=resource.name)
    if duplicate.exclude(pk=resource.pk).exists():
        raise ValidationError({"name": _("The directory already has an entry with this name.")})
    resource.save()
    return resource


@transaction.atomic(durable=True)
def resource_create(*, actor: Actor, data: Any) -> Resource:
    """`data`: the entry's fields as a form or the API sends them (a dict or a QueryDict)."""
    require(actor, EDIT_DIRECTORY)
    resource = _save(actor, data, None)
    audit_record(actor=actor.user, organization=actor.organization, action=Action.CREATE,
                 object_type="resource", object_id=resource.pk)
    return resource


@transaction.atomic(durable=True)
def resource_update(*, actor: Actor, resource_id: UUID | str, data: Any) -> Resource:
    require(actor, EDIT_DIRECTORY)
    resource = _save(actor, data, resource_get(actor, resource_id))
    audit_record(actor=actor.user, organization=actor.organization, action=Action.UPDATE,
                 object_type="resource", object_id=resource.pk)
    return resource


@transaction.atomic(durable=True)
def resource_import_csv(*, actor: Actor, text: str) -> dict[str, int]:
    """Create or update entries from CSV. All or nothing: one bad row saves no row, and every
    problem is reported with its row number and column."""
    require(actor, EDIT_DIRECTORY)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        return _import_rows(actor, reader)
    except csv.Error:
        # Python's reader refuses a cell over 128 KB or a quote left open; the error rolls back every row.
        raise ValidationError(_("Row %(row)d could not be read: a cell is far too long, or a quote is not "
                                "closed.") % {"row": reader.line_num + 1}) from None


def _import_rows(actor: Actor, reader: csv.DictReader) -> dict[str, int]:
    if not reader.fieldnames or "name" not in reader.fieldnames:
        raise ValidationError(_("The first row must name the columns, including 'name'."))
    unknown = sorted(set(reader.fieldnames) - set(RESOURCE_FIELDS) - {"id"})
    if unknown:
        raise ValidationError(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    problems, created, updated = [], 0, 0
    existing = {r.name.casefold(): r for r in Resource.objects.for_actor(actor)}
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_IMPORT_ROWS:
            raise ValidationError(_("Import at most %(n)d rows at a time.") % {"n": MAX_IMPORT_ROWS})
        data = {field: (row.get(field) or "").strip() for field in RESOURCE_FIELDS}
        data["active"] = data["active"].lower() not in ("false", "no", "0") if data["active"] else True
        target = existing.get(data["name"].casefold())
        try:
            with transaction.atomic():
                resource = _save(actor, data, target)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                problems.append(_("Row %(row)d, %(field)s: %(message)s") % {
                    "row": number, "field": field, "message": " ".join(messages)})
            continue
        existing[resource.name.casefold()] = resource
        updated, created = (updated + 1, created) if target else (updated, created + 1)
    if problems:
        raise ValidationError(problems)  # rolls back the rows already saved
    audit_record(actor=actor.user, organization=actor.organization, action=Action.CREATE,
                 object_type="resource", detail={"op": "import", "created": created, "updated": updated})
    return {"created": created, "updated": updated}


@transaction.atomic(durable=True)
def resource_export_csv(*, actor: Actor, resources: Iterable[Resource]) -> str:
    """The directory as CSV, in the same columns the import reads."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(RESOURCE_FIELDS)
    for resource in resources:
        writer.writerow([safe_cell(getattr(resource, field)) for field in RESOURCE_FIELDS])
    audit_record(actor=actor.user, organization=actor.organization, action=Action.EXPORT, object_type="resource")
    return buffer.getvalue()
