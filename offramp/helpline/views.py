from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offramp.core.access import Forbidden, NotFound
from offramp.core.audit import Action, audit_read
from offramp.core.charts import bar_chart
from offramp.core.client_ip import client_ip
from offramp.core.decorators import background_poll, public, staff
from offramp.core.forms import apply_errors
from offramp.core.models import Role
from offramp.core.paging import window

from . import figures as helpline_figures
from . import help_page, selectors
from .forms import (
    AddendumForm,
    AssignForm,
    AttachCaseForm,
    CallerFlagForm,
    ConsultationForm,
    ContactForm,
    FollowUpForm,
    HelpRequestForm,
    MergeForm,
    OnCallShiftForm,
    ResourceFilterForm,
    ResourceForm,
    ResourceImportForm,
    ReviewForm,
    SurveyForm,
)
from .models import ContactChannel
from .services import (
    contacts,
    directory,
    drafts,
    flags,
    follow_ups,
    merges,
    on_call,
    queue,
    reviews,
    survey,
    web_requests,
)

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def _filters(request) -> tuple[ResourceFilterForm, dict]:
    form = ResourceFilterForm(request.GET or None)
    return form, ({k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {})


@staff()
def resource_list_view(request):
    form, filters = _filters(request)
    is_admin = request.actor.has(Role.ORG_ADMIN)
    page = window(selectors.resources_for(request.actor, include_unlisted=is_admin, **filters), request.GET.get("page"))
    audit_read(request.actor, action=Action.SEARCH if filters else Action.LIST, object_type="resource",
               count=len(page))
    return render(request, "helpline/resource_list.html", {
        "form": form, "page": page, "is_admin": is_admin, "import_form": ResourceImportForm()})


@staff()
def resource_detail_view(request, resource_id):
    resource = selectors.resource_get(request.actor, resource_id)
    return render(request, "helpline/resource_detail.html", {
        "resource": resource, "is_admin": request.actor.has(Role.ORG_ADMIN)})


def _edit(request, resource=None):
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        try:
            if resource is None:
                saved = directory.resource_create(actor=request.actor, data=request.POST)
            else:
                saved = directory.resource_update(actor=request.actor, resource_id=resource.pk, data=request.POST)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": saved.name})
            return redirect("resource_detail", saved.pk)
    return render(request, "helpline/resource_form.html", {"form": form, "resource": resource},
                  status=400 if request.method == "POST" else 200)


@staff(Role.ORG_ADMIN)
def resource_create_view(request):
    return _edit(request)


@staff(Role.ORG_ADMIN)
def resource_edit_view(request, resource_id):
    return _edit(request, selectors.resource_get(request.actor, resource_id))


@staff(Role.ORG_ADMIN)
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
            result = directory.resource_import_csv(actor=request.actor, text=text)
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
    resources = selectors.resources_for(request.actor, include_unlisted=request.actor.has(Role.ORG_ADMIN), **filters)
    response = HttpResponse(directory.resource_export_csv(actor=request.actor, resources=resources),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="offramp-directory.csv"'
    return response


# ---- contacts --------------------------------------------------------------------------------

def _contact_form(request, data=None) -> ContactForm:
    actor = request.actor
    terms = {field: selectors.terms_for(actor, vocabulary) for field, vocabulary in contacts.TERM_FIELDS.items()}
    return ContactForm(data, terms=terms, resources=selectors.resources_for(actor))


QUEUE_SHOWN = 20  # per list on the helpline page, oldest or most urgent first


@staff(*selectors.HELPLINE_ROLES)
def helpline_queue_view(request):
    return _queue_page(request)


def _queue_page(request, *, assign_error: dict | None = None, status: int = 200):
    actor = request.actor
    now = timezone.now()
    recent = window(selectors.contacts_visible_to(actor).select_related("assigned_to").order_by("-received_at"),
                    request.GET.get("page"))
    audit_read(actor, action=Action.LIST, object_type="helpline_contact", count=len(recent))
    web_requests = list(selectors.help_requests_waiting(actor)[:50])
    flagged = selectors.flags_on_requests(actor, web_requests)
    for web_request in web_requests:
        web_request.flag = flagged.get(web_request.pk)  # type: ignore[attr-defined]  # read by the template only
    from offramp.cases.models import CaseKind
    from offramp.cases.selectors import case_list

    family_cases = list(case_list(actor, kind=CaseKind.FAMILY_SUPPORT, mine=True)
                        .exclude(status__in=["resolved", "closed"])[:20])
    audit_read(actor, action=Action.LIST, object_type="help_request", count=len(web_requests))
    end_of_today = timezone.localtime().replace(hour=23, minute=59, second=59)
    follow_ups = selectors.open_follow_ups(actor).select_related("contact").order_by("due_at")
    return render(request, "helpline/queue.html", {
        "recent": recent,
        "follow_ups_due": list(follow_ups.filter(due_at__lte=end_of_today)[:QUEUE_SHOWN]),
        "follow_ups_later": list(follow_ups.filter(due_at__gt=end_of_today)[:QUEUE_SHOWN]),
        "awaiting": selectors.awaiting_consultation(actor).order_by("emergency_alerted_at")[:50],
        "web_requests": web_requests,
        "unassigned": list(selectors.unassigned_contacts(actor)[:QUEUE_SHOWN]),
        "family_cases": family_cases,
        "unread_feedback": selectors.unread_feedback_count(actor),
        "is_supervisor": actor.has(Role.SUPERVISOR),
        "assign_error": assign_error or {},
        "on_call": selectors.on_call_now(actor.organization),
        "shown": QUEUE_SHOWN,
        "now": now,
        "drawn_at": f"{now.timestamp():.6f}",  # where the poll for new web requests starts counting
    }, status=status)


def _draft_initial(draft: dict, form: ContactForm) -> dict:
    """Turn saved form data back into initial values (lists for multiple choices)."""
    initial: dict[str, Any] = {}
    for name, field in form.fields.items():
        if name not in draft:
            continue
        value = draft[name]
        if isinstance(field, forms.MultipleChoiceField):
            initial[name] = value if isinstance(value, list) else [value]
        elif isinstance(field, forms.BooleanField):
            initial[name] = bool(value)
        else:
            initial[name] = value[-1] if isinstance(value, list) else value
    return initial


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def contact_draft_view(request):
    """Autosave target for the contact screen (htmx posts the whole form as the responder types)."""
    data = {key: request.POST.getlist(key) if len(request.POST.getlist(key)) > 1 else request.POST.get(key)
            for key in request.POST}
    try:
        drafts.contact_draft_save(actor=request.actor, data=data)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=413)
    return render(request, "helpline/_draft_saved.html", {"saved_at": timezone.now()})


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def contact_draft_discard_view(request):
    drafts.contact_draft_discard(actor=request.actor)
    return redirect("contact_create")


@staff(*selectors.HELPLINE_ROLES)
def contact_create_view(request):
    form = _contact_form(request, request.POST or None)
    restored = False
    if request.method != "POST":
        draft = selectors.contact_draft_load(request.actor)
        if draft:  # what was typed comes first; a call-back is started once the draft is saved or discarded
            form = _contact_form(request)
            form.initial.update(_draft_initial(draft, form))
            restored = True
        elif request.GET.get("request"):
            form = _contact_form(request)
            form.initial.update(_call_back_initial(selectors.help_request_to_answer(request.actor, request.GET["request"])))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        terms = {field: data.pop(field) for field in contacts.TERM_FIELDS}
        resource_ids = data.pop("resources_given")
        try:
            contact = contacts.contact_log(actor=request.actor, terms=terms, resource_ids=resource_ids, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if contact.safety_concern:
                messages.error(request, _("Safety concern: supervisors have been alerted. Follow the guidance below."))
            else:
                messages.success(request, _("Contact %(ref)s logged.") % {"ref": contact.reference})
            return redirect("contact_detail", contact.pk)
    ticked = [value for field in GUIDED_FIELDS for value in (form.data.getlist(field) if form.is_bound
                                                             else form.initial.get(field, []))]
    return render(request, "helpline/contact_form.html", {
        "form": form, "restored": restored, "guidance": selectors.guidance_for(request.actor, ticked),
        "answering": _answering(request.actor, form),
        # A phone or e-mail already there when the form opens (a call-back, a draft, a form sent back).
        **_repeat_caller(request.actor, **{name: str((form.data.get(name) if form.is_bound else form.initial.get(name))
                                                     or "") for name in ("caller_phone", "caller_email")})},
                  status=400 if request.method == "POST" else 200)


def _repeat_caller(actor, *, caller_phone: str, caller_email: str) -> dict:
    """Earlier contacts and active flags for this phone or e-mail (exact match), audited as a search."""
    digests = selectors.caller_digests(actor, phone=caller_phone, email=caller_email)
    if not digests:
        return {}
    earlier = selectors.earlier_contacts(actor, digests)
    audit_read(actor, action=Action.SEARCH, object_type="helpline_contact", count=len(earlier),
               detail={"by": [name for name, v in (("caller_phone", caller_phone), ("caller_email", caller_email)) if v]})
    return {"earlier": earlier, "flags": selectors.active_flags(actor, digests)}


def _call_back_initial(help_request) -> dict:
    """The contact form for calling back a web request: what they gave us, and what worried them."""
    return {"help_request": help_request.pk, "channel": ContactChannel.WEB, "inbound": True,
            "caller_name": help_request.name, "caller_phone": help_request.phone, "caller_email": help_request.email,
            "summary": _("From the web request: %(worry)s") % {"worry": help_request.worry}}


def _answering(actor, form):
    """The web request the form would answer, for the notice at its top (none once it is refused)."""
    value = form.data.get("help_request") if form.is_bound else form.initial.get("help_request")
    if not value or form.errors.get("help_request"):
        return None
    try:
        return selectors.help_request_to_answer(actor, value)
    except NotFound:
        return None


def _contact_page(request, contact, **forms):
    actor = request.actor
    digests = [d for d in (contact.caller_phone_digest, contact.caller_email_digest) if d]
    contact_reviews = selectors.contact_reviews(actor, contact)
    mine = next((r for r in contact_reviews if r.reviewer_id == actor.user.pk), None)
    can_review = actor.has(Role.SUPERVISOR) and contact.responder_id != actor.user.pk
    return render(request, "helpline/contact_detail.html", {
        "contact": contact, **selectors.contact_terms(contact), "answered": selectors.request_answered_by(contact),
        "follow_ups": contact.follow_ups.select_related("assigned_to").order_by("due_at"),
        "consultation_form": forms.get("consultation_form") or ConsultationForm(),
        "follow_up_form": forms.get("follow_up_form") or FollowUpForm(),
        "addendum_form": forms.get("addendum_form") or AddendumForm(resources=selectors.resources_for(actor)),
        "addenda": selectors.contact_addenda(contact),
        "attach_form": forms.get("attach_form") or AttachCaseForm(),
        "flag_form": forms.get("flag_form") or CallerFlagForm(),
        "assign_form": forms.get("assign_form") or AssignForm(),
        "merge_form": forms.get("merge_form") or MergeForm(),
        "review_form": (forms.get("review_form") or ReviewForm(
            questions=selectors.review_questions(actor), initial=ReviewForm.initial_from(mine))) if can_review else None,
        "reviews": contact_reviews,
        "alerted": list(contact.emergency_alerted.all()) if contact.emergency_alerted_at else [],
        "merges": selectors.contact_merges(contact),
        "earlier": selectors.earlier_contacts(request.actor, digests, exclude=contact.pk),
        "flags": selectors.active_flags(request.actor, digests),
        "is_supervisor": request.actor.has(Role.SUPERVISOR),
        "guidance": request.actor.organization.emergency_guidance,
    }, status=forms.get("status", 200))


@staff(*selectors.HELPLINE_ROLES)
def contact_detail_view(request, contact_id):
    contact = selectors.contact_get(request.actor, contact_id)
    if str(contact.pk) != str(contact_id):  # a duplicate merged into another contact
        return redirect("contact_detail", contact.pk)
    return _contact_page(request, contact)


def _one_click(request, service, **ids):
    """A one-button form: run the service; if it refuses, say why (the caller decides where to go)."""
    try:
        return service(actor=request.actor, **ids)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None


def _contact_action(request, contact_id, form_class, service, form_name: str, done: str):
    """A form posted from the contact page: run the service, or show the page again with the
    form's errors and what was typed."""
    contact = selectors.contact_get(request.actor, contact_id, audit=False)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=request.actor, contact_id=contact.pk, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("contact_detail", contact.pk)
    return _contact_page(request, contact, **{form_name: form}, status=400)


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def contact_consultation_view(request, contact_id):
    return _contact_action(request, contact_id, ConsultationForm, contacts.contact_record_consultation,
                           "consultation_form", _("Consultation recorded."))


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def contact_addendum_view(request, contact_id):
    return _contact_action(request, contact_id, partial(AddendumForm, resources=selectors.resources_for(request.actor)),
                           contacts.contact_addendum_add, "addendum_form", _("Added to the contact."))


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def contact_claim_view(request, contact_id):
    contact = _one_click(request, queue.contact_claim, contact_id=contact_id)
    if contact is None:
        return redirect("helpline_queue")
    messages.success(request, _("%(ref)s is yours to take forward.") % {"ref": contact.reference})
    return redirect("contact_detail", contact.pk)


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def contact_release_view(request, contact_id):
    contact = _one_click(request, queue.contact_release, contact_id=contact_id)
    if contact is None:
        return redirect("contact_detail", contact_id)
    messages.success(request, _("%(ref)s is back in the team's unassigned list.") % {"ref": contact.reference})
    return redirect("contact_detail", contact.pk)


@staff(Role.SUPERVISOR)
@require_POST
def contact_assign_view(request, contact_id):
    return _contact_action(request, contact_id, AssignForm, queue.contact_assign,
                           "assign_form", _("Contact assigned; they have been told."))


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def contact_merge_view(request, contact_id):
    return _contact_action(request, contact_id, MergeForm, merges.contact_merge,
                           "merge_form", _("The duplicate is merged into this contact; the merge is on record."))


@staff(Role.SUPERVISOR)
@require_POST
def contact_review_view(request, contact_id):
    form_class = partial(ReviewForm, questions=selectors.review_questions(request.actor))
    return _contact_action(request, contact_id, form_class, reviews.contact_review_save,
                           "review_form", _("Review saved; the responder has been told."))


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def review_read_view(request, review_id):
    review = reviews.review_mark_read(actor=request.actor, review_id=review_id)
    messages.success(request, _("Marked as read."))
    return redirect("contact_detail", review.contact_id)


@staff(Role.SUPERVISOR)
def quality_reviews_view(request):
    """Supervisors: this week's sample of contacts to review, and the reviews written so far."""
    actor = request.actor
    sample = selectors.review_sample(actor)
    written = window(selectors.reviews_visible_to(actor).select_related("contact", "reviewer", "responder")
                     .order_by("-updated_at"), request.GET.get("page"))
    audit_read(actor, action=Action.LIST, object_type="contact_review", count=len(written))
    return render(request, "helpline/reviews.html", {
        "sample": sample, "written": written, "questions": selectors.review_questions(actor),
        "days": selectors.SAMPLE_DAYS, "per_responder": selectors.SAMPLE_PER_RESPONDER})


@staff(*selectors.HELPLINE_ROLES)
def feedback_view(request):
    """A responder's own feedback from quality reviews, newest first."""
    page = window(selectors.my_feedback(request.actor), request.GET.get("page"))
    audit_read(request.actor, action=Action.LIST, object_type="contact_review", count=len(page))
    return render(request, "helpline/feedback.html", {"page": page})


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def follow_up_create_view(request, contact_id):
    return _contact_action(request, contact_id, FollowUpForm, follow_ups.follow_up_schedule,
                           "follow_up_form", _("Follow-up scheduled; it is on the work queue."))


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def follow_up_complete_view(request, follow_up_id):
    follow_up = follow_ups.follow_up_complete(actor=request.actor, follow_up_id=follow_up_id)
    messages.success(request, _("Follow-up done."))
    return redirect("contact_detail", follow_up.contact_id)


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def contact_open_case_view(request, contact_id):
    case = _one_click(request, contacts.contact_open_family_case, contact_id=contact_id)
    if case is None:
        return redirect("contact_detail", contact_id)
    messages.success(request, _("Family-support case %(ref)s opened.") % {"ref": case.reference})
    return redirect("case_detail", case.pk)


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def contact_attach_case_view(request, contact_id):
    return _contact_action(request, contact_id, AttachCaseForm, contacts.contact_attach_to_case,
                           "attach_form", _("Contact added to the case."))


# ---- the public help request (no login) ------------------------------------------------------

def _organization_or_404(slug: str):
    organization = help_page.organization_for_help_page(slug)
    if organization is None:
        raise Http404
    return organization


@public
def help_request_view(request, slug):
    organization = _organization_or_404(slug)
    status = 200
    if request.method == "POST":
        form = HelpRequestForm(request.POST)
        if help_page.over_rate_limit(client_ip(request)):
            return render(request, "helpline/help_limited.html", {"organization": organization}, status=429)
        if request.POST.get("website"):
            return redirect("help_request_thanks", slug)  # a robot: same answer, nothing stored
        if help_page.filled_too_fast(request.POST.get("started", "")):
            form.add_error(None, _("Please check your request and send it again."))
            status = 400
        elif form.is_valid():
            web_requests.help_request_submit(organization=organization, data=form.cleaned_data)
            return redirect("help_request_thanks", slug)
        else:
            status = 400
        form.data = form.data.copy()
        form.data["started"] = help_page.form_token()
    else:
        form = HelpRequestForm(initial={"started": help_page.form_token(), "language": request.LANGUAGE_CODE})
    return render(request, "helpline/help_request.html", {"organization": organization, "form": form},
                  status=status)


@public
def help_request_thanks_view(request, slug):
    return render(request, "helpline/help_thanks.html", {"organization": _organization_or_404(slug)})


@background_poll
@staff(*selectors.HELPLINE_ROLES)
def help_requests_new_view(request):
    """htmx, every few seconds from the helpline page: a calm note when new web requests arrive,
    with a link to show them (the lists are not redrawn under someone's hands)."""
    try:
        since = datetime.fromtimestamp(float(request.GET.get("since", "")), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return HttpResponse("", status=400)
    count = selectors.help_requests_new_since(request.actor, since)
    return render(request, "helpline/_new_requests.html", {"count": count})


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def help_request_claim_view(request, request_id):
    _one_click(request, web_requests.help_request_claim, request_id=request_id)
    return redirect("helpline_queue")


@staff(Role.SUPERVISOR)
@require_POST
def help_request_assign_view(request, request_id):
    selectors.help_request_get(request.actor, request_id)  # someone else's request is not found, whatever was sent
    form = AssignForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["assignee_email"])
        help_request = web_requests.help_request_assign(actor=request.actor, request_id=request_id,
                                                    assignee_email=form.cleaned_data["assignee_email"])
    except ValidationError as error:
        return _queue_page(request, status=400, assign_error={
            "request_id": request_id, "value": request.POST.get("assignee_email", ""),
            "message": " ".join(error.messages)})
    messages.success(request, _("%(ref)s given to %(name)s.") % {
        "ref": help_request.reference, "name": help_request.claimed_by.display_name})
    return redirect("helpline_queue")


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def help_request_done_view(request, request_id):
    _one_click(request, web_requests.help_request_done, request_id=request_id)
    return redirect("helpline_queue")


# ---- the program lead's figures ----------------------------------------------------------------

@staff(*helpline_figures.REPORT_ROLES)
def helpline_dashboard_view(request):
    figures = helpline_figures.helpline_figures(request.actor, weeks=helpline_figures.weeks_param(request.GET.get("weeks")))
    audit_read(request.actor, action=Action.VIEW, object_type="helpline_dashboard", count=figures["total"].value)
    chart = partial(bar_chart, label_heading=_("Group"), count_heading=_("Contacts"), empty=_("No contacts in this period."))
    charts = [
        chart(figures["by_week"], id="chart-week", title=_("Contacts by week")),
        chart(figures["by_channel"], id="chart-channel", title=_("By channel")),
        chart(figures["by_relationship"], id="chart-relationship",
              title=_("Caller's relationship to the person of concern")),
        chart(figures["by_ideology"], id="chart-ideology", title=_("Movements or ideologies of concern")),
    ]
    return render(request, "helpline/dashboard.html", {"figures": figures, "charts": charts, "periods": helpline_figures.PERIODS})


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def contact_lookup_view(request):
    """htmx: earlier contacts and active flags for the phone or e-mail being typed (exact match)."""
    return render(request, "helpline/_repeat_caller.html", _repeat_caller(
        request.actor, caller_phone=request.POST.get("caller_phone", ""), caller_email=request.POST.get("caller_email", "")))


@staff(Role.SUPERVISOR)
@require_POST
def caller_flag_view(request, contact_id):
    return _contact_action(request, contact_id, CallerFlagForm, flags.caller_flag_set,
                           "flag_form", _("The caller is flagged."))



GUIDED_FIELDS = ("ideologies", "signs", "needs")


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def contact_guidance_view(request):
    """htmx: the organisation's coaching guidance for the concerns ticked on the contact screen."""
    ids = [value for field in GUIDED_FIELDS for value in request.POST.getlist(field)]
    return render(request, "helpline/_guidance.html", {"guidance": selectors.guidance_for(request.actor, ids)})


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def survey_link_view(request, contact_id):
    """Make a one-time survey link to send the caller; the link is not stored against the contact."""
    selectors.contact_get(request.actor, contact_id, audit=False)
    invitation = survey.survey_invitation_create(actor=request.actor)
    link = request.build_absolute_uri(reverse("survey", args=[invitation.token]))
    messages.info(request, _("Send this anonymous survey link to the caller by text or e-mail: %(link)s") % {"link": link})
    return redirect("contact_detail", contact_id)


@staff(*selectors.HELPLINE_ROLES)
@require_POST
def survey_email_view(request, contact_id):
    """E-mail a one-time survey link to the caller's address on the contact."""
    try:
        survey.survey_invitation_email(actor=request.actor, contact_id=contact_id, link_for=lambda token: (
            request.build_absolute_uri(reverse("survey", args=[token]))))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The survey link was sent to the caller's e-mail."))
    return redirect("contact_detail", contact_id)


@public
def survey_view(request, token):
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if survey.survey_submit(token=token, data=form.cleaned_data):
            return render(request, "helpline/survey_thanks.html")
        return render(request, "helpline/survey_closed.html", status=404)
    if not selectors.survey_open(token):
        return render(request, "helpline/survey_closed.html", status=404)
    return render(request, "helpline/survey.html", {"form": form}, status=400 if request.method == "POST" else 200)


# ---- the on-call rota -----------------------------------------------------------------------------

@staff(*selectors.HELPLINE_ROLES, Role.ORG_ADMIN)
def on_call_view(request):
    """Who is on call for safety alerts, now and next; supervisors and org admins add shifts."""
    actor = request.actor
    can_edit = actor.has(*on_call.ROTA_EDITORS)
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = OnCallShiftForm(request.POST or None, initial={
        "supervisor_email": actor.user.email if actor.has(Role.SUPERVISOR) else "",
        "starts_at": now, "ends_at": now + timedelta(hours=12)})
    if request.method == "POST":
        if not can_edit:
            raise Forbidden
        if form.is_valid():
            try:
                on_call.on_call_shift_add(actor=actor, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Shift added to the rota."))
                return redirect("on_call")
    return render(request, "helpline/on_call.html", {
        "shifts": selectors.on_call_shifts(actor)[:100], "on_call": selectors.on_call_now(actor.organization),
        "form": form, "can_edit": can_edit}, status=400 if request.method == "POST" else 200)


@staff(*on_call.ROTA_EDITORS)
@require_POST
def on_call_remove_view(request, shift_id):
    on_call.on_call_shift_remove(actor=request.actor, shift_id=shift_id)
    messages.success(request, _("Shift removed from the rota."))
    return redirect("on_call")
