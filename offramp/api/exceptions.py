from django.core.exceptions import BadRequest
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from offramp.core.access import note_denial


def exception_handler(exc, context):
    """Service ValidationErrors become field-level 400s; refusals are noted for the audit, then 404/403."""
    note_denial(context["request"]._request, exc)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, BadRequest):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    response = drf_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.NotFound | exceptions.PermissionDenied):
        response.data = {"detail": str(exc.detail)}
    return response
