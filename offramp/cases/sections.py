"""Sections other apps add to the case page, below its people and team (cases imports none of them).

An app registers one from its `AppConfig.ready()`:

    from offramp.cases import sections
    sections.register(sections.CaseSection("assessments/case_section.html", context=case_section, order=10))

`context(actor, case, access)` gives what the template needs (it is included with `section`), or None
when the section has nothing for this actor. It reads in a fixed number of queries, however much the
case holds: the case page's query budget counts on it (tests/test_query_counts.py)."""

from collections.abc import Callable
from dataclasses import dataclass

from offramp.core.access import Actor

from .models import Case
from .selectors import CaseAccess


@dataclass(frozen=True)
class CaseSection:
    template: str
    context: Callable[[Actor, Case, CaseAccess], dict | None]
    order: int = 100


_sections: list[CaseSection] = []


def register(section: CaseSection) -> None:
    if any(existing.template == section.template for existing in _sections):
        return  # registered once, whatever calls ready() again
    _sections.append(section)
    _sections.sort(key=lambda entry: entry.order)


def case_sections(actor: Actor, case: Case, access: CaseAccess) -> list[tuple[str, dict]]:
    return [(section.template, context) for section in _sections
            if (context := section.context(actor, case, access)) is not None]
