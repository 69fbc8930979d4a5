from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from offramp.core.access import CASEWORK, is_uuid
from offramp.core.audit import Action, audit_read
from offramp.core.decorators import staff
from offramp.core.forms import apply_errors
from offramp.core.paging import window
from offramp.core.timeline import timeline

from . import selectors, services
from .forms import ContactForm, NewPersonForm, PersonForm, RelationshipForm, SearchForm
from .permissions import EDIT

FINDER_LIMIT = 20
SEARCH_LIMIT = 50


def person_finder(request) -> tuple[SearchForm, list]:
    """The small "find a person" form used wherever a person is picked (exact match, audited)."""
    posted = request.method == "POST" and "find-name" in request.POST
    finder = SearchForm(request.POST if posted else None, prefix="find")
    if not (finder.is_valid() and any(finder.cleaned_data.values())):
        return finder, []
    found = selectors.person_search(request.actor, **finder.cleaned_data, limit=FINDER_LIMIT)
    selectors.audit_person_search(request.actor, terms=finder.cleaned_data, count=len(found))
    return finder, found


@staff(CASEWORK)
def person_list_view(request):
    """Search (POSTed, so no name or number ends up in a URL or a server log) by exact name, phone
    or e-mail; without a search, the people the actor may see, newest first."""
    form = SearchForm(request.POST if request.method == "POST" else None)
    searching = form.is_valid() and any(form.cleaned_data.values())
    if searching:
        results = selectors.person_search(request.actor, **form.cleaned_data, limit=SEARCH_LIMIT)
        selectors.audit_person_search(request.actor, terms=form.cleaned_data, count=len(results))
        page = window(results, 1, size=SEARCH_LIMIT)
    else:
        page = selectors.people_page(request.actor, request.GET.get("page"))
        audit_read(request.actor, action=Action.LIST, object_type="person", count=len(page.object_list))
    return render(request, "people/person_list.html", {"form": form, "page": page, "searching": searching})


@staff(EDIT)
def person_create_view(request):
    form = NewPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("phone", "email")}
        try:
            person = services.person_create(actor=request.actor, contacts=form.contacts(), **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("person_detail", person.pk)
    return render(request, "people/person_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def _person_page(request, person, **forms):
    actor = request.actor
    finder, found = person_finder(request)
    return render(request, "people/person_detail.html", {
        "person": person,
        "contacts": list(person.contact_methods.all()),
        "relationships": selectors.person_relationships(actor, person),
        "cases": selectors.person_cases(actor, person),
        "timeline": timeline(actor, "person", person, before=request.GET.get("before", ""),
                             after=request.GET.get("after", "")),
        "can_edit": actor.can(EDIT),
        "contact_form": forms.get("contact_form") or ContactForm(),
        "relationship_form": forms.get("relationship_form") or RelationshipForm(
            people=[p for p in found if p.pk != person.pk]
        ),
        "finder": finder,
        "found": found,
    }, status=forms.get("status", 200))


@staff(CASEWORK)
def person_detail_view(request, person_id):
    return _person_page(request, selectors.person_get(request.actor, person_id))


@staff(EDIT)
def person_edit_view(request, person_id):
    person = selectors.person_get(request.actor, person_id)
    # An anonymous person's name is a placeholder: the form asks for their name.
    initial = {"given_name": "" if person.anonymous else person.given_name, "family_name": person.family_name, "aliases": person.aliases,
               "pronouns": person.pronouns, "languages": person.languages,
               "date_of_birth": person.date_of_birth or None}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.actor, person_id=person.pk, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("person_detail", person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person},
                  status=400 if request.method == "POST" else 200)


@staff(EDIT)
@require_POST
def contact_add_view(request, person_id):
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_method_add(actor=request.actor, person_id=person_id, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("person_detail", person_id)
    person = selectors.person_get(request.actor, person_id, audit=False)
    return _person_page(request, person, contact_form=form, status=400)


@staff(EDIT)
@require_POST
def contact_remove_view(request, person_id, contact_id):
    services.contact_method_remove(actor=request.actor, person_id=person_id, contact_id=contact_id)
    return redirect("person_detail", person_id)


@staff(EDIT)
@require_POST
def relationship_add_view(request, person_id):
    person = selectors.person_get(request.actor, person_id, audit=False)
    other = request.POST.get("other")
    form = RelationshipForm(request.POST, people=selectors.people_visible_to(request.actor).filter(pk=other)
                            if is_uuid(other) else [])
    if form.is_valid():
        try:
            services.relationship_add(actor=request.actor, person_id=person.pk, kind=form.cleaned_data["kind"],
                                      other_id=form.cleaned_data["other"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("person_detail", person.pk)
    return _person_page(request, person, relationship_form=form, status=400)
