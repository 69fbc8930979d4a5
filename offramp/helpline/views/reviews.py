"""Quality review: a supervisor's review of a contact, this week's sample and the reviews written, and
a responder's own feedback."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offramp.core.audit import Action, audit_read
from offramp.core.decorators import staff
from offramp.core.paging import window

from .. import selectors
from ..forms import ReviewForm
from ..permissions import ANSWER, SUPERVISE
from ..services.reviews import contact_review_save, review_mark_read
from ._common import contact_action


@staff(SUPERVISE)
@require_POST
def contact_review_view(request, contact_id):
    form_class = partial(ReviewForm, definition=selectors.review_definition(request.actor))
    return contact_action(request, contact_id, form_class, contact_review_save,
                          "review_form", _("Review saved; the responder has been told."))


@staff(ANSWER)
@require_POST
def review_read_view(request, review_id):
    review = review_mark_read(actor=request.actor, review_id=review_id)
    messages.success(request, _("Marked as read."))
    return redirect("contact_detail", review.contact_id)


@staff(SUPERVISE)
def quality_reviews_view(request):
    """Supervisors: this week's sample of contacts to review, and the reviews written so far."""
    actor = request.actor
    sample = selectors.review_sample(actor)
    written = window(selectors.reviews_visible_to(actor).select_related("contact", "reviewer", "responder")
                     .order_by("-updated_at"), request.GET.get("page"))
    audit_read(actor, action=Action.LIST, object_type="contact_review", count=len(written))
    return render(request, "helpline/reviews.html", {
        "sample": sample, "written": written, "days": selectors.SAMPLE_DAYS,
        "per_responder": selectors.SAMPLE_PER_RESPONDER})


@staff(ANSWER)
def feedback_view(request):
    """A responder's own feedback from quality reviews, newest first."""
    page = window(selectors.my_feedback(request.actor), request.GET.get("page"))
    audit_read(request.actor, action=Action.LIST, object_type="contact_review", count=len(page))
    return render(request, "helpline/feedback.html", {"page": page})
