from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offramp.core.access import Forbidden, deny, is_uuid, note_denial
from offramp.core.audit import Action, audit_read
from offramp.core.decorators import staff
from offramp.core.forms import apply_errors
from offramp.core.paging import window
from offramp.core.timeline import timeline
from offramp.people.selectors import people_visible_to
from offramp.people.views import person_finder

from . import lifecycle, permissions, resolution, sections, selectors, services
from .forms import (
    AddendumForm,
    BreakGlassForm,
    CaseFilterForm,
    CaseOpenForm,
    DelayForm,
    NoteForm,
    ParticipantForm,
    TeamMemberForm,
    TransitionForm,
)
from .models import TeamRole
from .timeline import KIND as NOTE_KIND


@staff(permissions.READ)
def case_list_view(request):
    form = CaseFilterForm(request.GET or None, actor=request.actor)
    form.is_valid()  # an invalid field is left out of the filters and shows its message
    page = window(selectors.case_list(request.actor, **form.filters()), request.GET.get("page"))
    audit_read(request.actor, action=Action.LIST, object_type="case", count=len(page.object_list))
    rows = selectors.case_rows(request.actor, page.object_list)
    for case in page:
        case.row = rows[case.pk]  # type: ignore[attr-defined]  # read by the template only
    return render(request, "cases/case_list.html", {"form": form, "page": page, "now": timezone.now()})


@staff(permissions.OPEN_ANY_KIND)
def case_open_view(request):
    form = CaseOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(actor=request.actor, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Case %(ref)s opened.") % {"ref": case.reference})
            return redirect("case_detail", case.pk)
    return render(request, "cases/case_open.html", {"form": form})


def _case_page(request, case, access, **forms):
    actor = request.actor
    participants = selectors.case_participants(case)
    team = selectors.case_team(case)
    clocks = selectors.case_open_clocks(case)
    page = timeline(actor, "case", case, before=request.GET.get("before", ""), after=request.GET.get("after", ""))
    managers = [m for m in team if m.role in permissions.MANAGING_TEAM_ROLES]
    context = {
        "case": case,
        "access": access,
        "participants": participants,
        "team": team,
        # The summary header: who carries it (its case managers, else the supervisors managing it), the
        # reply due first, and the records of other apps (helpline contacts) on this page of the timeline.
        "carriers": [m for m in managers if m.role == TeamRole.CASE_MANAGER] or managers,
        "next_due": min(clocks, key=lambda clock: clock.effective_due, default=None),
        "linked": [entry for entry in page.entries if entry.kind != NOTE_KIND],
        "transitions": selectors.case_transitions_with_evidence(case),
        "timeline": page,
        "clocks": clocks,
        "stages": lifecycle.stages(case.kind, case.status, case.status_before_pause),
        "moves": lifecycle.allowed_moves(case.kind, case.status, case.status_before_pause) if access.manage else [],
        "criteria": [  # each with the state of the record it rests on, if any (cases.resolution)
            (c, bool(request.POST.get(f"tick_{c.pk}")), request.POST.get(f"evidence_{c.pk}", ""),
             resolution.state(actor, case, c))
            for c in (selectors.resolution_criteria(case) if access.manage and case.is_open else [])
        ],
        "note_form": forms.get("note_form") or NoteForm(participants=participants),
        "transition_form": forms.get("transition_form") or TransitionForm(organization=actor.organization),
        "sections": sections.case_sections(actor, case, access),  # what other apps add (assessments)
    }
    if access.manage:
        finder, found = person_finder(request)
        context["finder"], context["found"] = finder, found
        context["participant_form"] = forms.get("participant_form") or ParticipantForm(people=found)
    return render(request, "cases/case_detail.html", context, status=forms.get("status", 200))


@staff(permissions.READ)
def case_detail_view(request, case_id):
    try:
        case, access = selectors.case_get(request.actor, case_id)
    except Forbidden as refused:
        case = selectors.restricted_case_get(request.actor, case_id)
        if case is None:
            raise
        note_denial(request, refused)
        return render(request, "cases/break_glass.html", {"case": case, "form": BreakGlassForm()}, status=403)
    return _case_page(request, case, access)


@staff(permissions.BREAK_GLASS)
@require_POST
def case_break_glass_view(request, case_id):
    form = BreakGlassForm(request.POST)
    if form.is_valid():
        try:
            services.case_break_glass(actor=request.actor, case_id=case_id, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("case_detail", case_id)
    case = selectors.restricted_case_get(request.actor, case_id)
    if case is None:
        deny("case", case_id)
    return render(request, "cases/break_glass.html", {"case": case, "form": form}, status=400)


@staff(permissions.READ)
@require_POST
def case_transition_view(request, case_id):
    case, access = selectors.case_get(request.actor, case_id, need="manage", audit_action=None)
    form = TransitionForm(request.POST, organization=request.actor.organization)
    if form.is_valid():
        evidence = {
            key.removeprefix("evidence_"): value
            for key, value in request.POST.items()
            if key.startswith("evidence_") and request.POST.get("tick_" + key.removeprefix("evidence_"))
        }
        try:
            services.case_transition(actor=request.actor, case_id=case.pk, evidence=evidence, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Case %(ref)s moved.") % {"ref": case.reference})
            return redirect("case_detail", case.pk)
    return _case_page(request, case, access, transition_form=form, status=400)


@staff(permissions.READ)
@require_POST
def case_participant_add_view(request, case_id):
    case, access = selectors.case_get(request.actor, case_id, need="manage", audit_action=None)
    form = ParticipantForm(request.POST, people=people_visible_to(request.actor).filter(pk=request.POST.get("person"))
                           if is_uuid(request.POST.get("person")) else [])
    if form.is_valid():
        try:
            services.case_participant_add(actor=request.actor, case_id=case.pk,
                                          person_id=form.cleaned_data["person"], role=form.cleaned_data["role"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("case_detail", case.pk)
    return _case_page(request, case, access, participant_form=form, status=400)


@staff(permissions.READ)
@require_POST
def case_participant_remove_view(request, case_id, participant_id):
    services.case_participant_remove(actor=request.actor, case_id=case_id, participant_id=participant_id)
    return redirect("case_detail", case_id)


@staff(permissions.READ)
def case_team_add_view(request, case_id):
    """Its own page: the picker lists every fitting colleague, which the case page, read far more often than
    its team changes, should not draw each time."""
    case, _access = selectors.case_get(request.actor, case_id, need="manage", audit_action=None)
    form = TeamMemberForm(request.POST or None, candidates=selectors.team_candidates(request.actor, case))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_team_add(actor=request.actor, case_id=case.pk, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("case_detail", case.pk)
    return render(request, "cases/team_add.html", {"case": case, "team": selectors.case_team(case), "form": form},
                  status=400 if request.method == "POST" else 200)


@staff(permissions.READ)
@require_POST
def case_team_remove_view(request, case_id, member_id: int):
    services.case_team_remove(actor=request.actor, case_id=case_id, member_id=member_id)
    return redirect("case_detail", case_id)


@staff(permissions.READ)
def note_create_view(request, case_id):
    case, access = selectors.case_get(request.actor, case_id, need="write_notes", audit_action=None)
    participants = selectors.case_participants(case)
    form = NoteForm(request.POST or None, participants=participants)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            note = services.note_create(
                actor=request.actor, case_id=case.pk, note_type=data["note_type"], channel=data["channel"],
                direction=data["direction"], occurred_at=data["occurred_at"], narrative=data["narrative"],
                with_participant_id=data["with_participant"], sign="sign" in request.POST,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Note signed.") if note.is_signed else _("Draft saved. Sign it within 24 hours."))
            return redirect("case_detail", case.pk)
    return render(request, "cases/note_form.html", {"case": case, "form": form},
                  status=400 if request.method == "POST" else 200)


@staff(permissions.READ)
def note_edit_view(request, note_id):
    note, case, access = selectors.note_get(request.actor, note_id, need="write_notes")
    if note.is_signed or note.author_id != request.user.pk:
        return redirect("case_detail", case.pk)
    participants = selectors.case_participants(case)
    initial = {"note_type": note.note_type, "channel": note.channel, "direction": note.direction,
               "occurred_at": note.occurred_at, "narrative": note.narrative,
               "with_participant": note.with_participant_id}
    form = NoteForm(request.POST or None, participants=participants, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.note_update(actor=request.actor, note_id=note.pk, note_type=data["note_type"],
                                 channel=data["channel"], direction=data["direction"],
                                 occurred_at=data["occurred_at"], narrative=data["narrative"])
            if "sign" in request.POST:
                services.note_sign(actor=request.actor, note_id=note.pk)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Note signed.") if "sign" in request.POST else _("Draft saved."))
            return redirect("case_detail", case.pk)
    return render(request, "cases/note_form.html", {"case": case, "form": form, "note": note},
                  status=400 if request.method == "POST" else 200)


@staff(permissions.READ)
@require_POST
def note_addendum_view(request, note_id):
    note, case, access = selectors.note_get(request.actor, note_id, need="write_notes")
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            services.note_add_addendum(actor=request.actor, note_id=note.pk, narrative=form.cleaned_data["narrative"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Addendum added."))
    else:
        messages.error(request, _("Write the addendum before adding it."))
    return redirect("case_detail", case.pk)


@staff(permissions.AUTHORISE_DELAY)
def response_delay_view(request, clock_id):
    clock, case = selectors.response_clock_get(request.actor, clock_id)
    form = DelayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_delay_authorise(actor=request.actor, clock_id=clock.pk, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Delay authorised."))
            return redirect("case_detail", case.pk)
    return render(request, "cases/delay_form.html", {"case": case, "clock": clock, "form": form},
                  status=400 if request.method == "POST" else 200)
