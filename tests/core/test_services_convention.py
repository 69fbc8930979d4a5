"""The services convention (docs/architecture.md), checked on every services module there is.

Every public function defined in `offramp/<app>/services.py` or `offramp/<app>/services/<room>.py` (not
imported there; not named `_...`; not a `*_within` part that another service composes inside its own
transaction; modules named `_...` hold only such parts) is a service:

- its parameters are keyword-only and annotated, and it has a return annotation;
- it is its own outermost transaction, `@transaction.atomic(durable=True)`. Checked from the outside:
  called inside another transaction it refuses (Django's "durable atomic block cannot be nested")
  before its body runs. Durability is checked in the decorator's `__enter__`, before the wrapped
  function's arguments are bound, so a call with no arguments shows it; the same call outside any
  transaction gets as far as binding the arguments (a TypeError), so the refusal is about nesting.
"""

import inspect
from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path
from types import TracebackType

import pytest
from django.db import transaction

import offramp

ROOT = Path(offramp.__file__).resolve().parent

# Public services that must run inside their caller's transaction, each with the reason. Keep it short:
# a part another service composes is named `*_within` (or `_private`) instead of being listed here.
NOT_DURABLE: dict[str, str] = {}


def service_modules() -> list[str]:
    paths = sorted(ROOT.glob("*/services.py")) + sorted(ROOT.glob("*/services/*.py"))
    names = []
    for path in paths:
        if path.stem.startswith("_") and path.stem != "__init__":
            continue  # a private module: parts shared by the rooms' services
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if path.stem == "__init__" else parts))
    return names


def services() -> Iterator[tuple[str, Callable]]:
    for module_name in service_modules():
        module = import_module(module_name)
        for name, value in vars(module).items():
            if name.startswith("_") or name.endswith("_within") or not inspect.isfunction(value):
                continue
            if value.__module__ != module.__name__:
                continue  # imported, e.g. a helper from core
            yield f"{module_name}.{name}", value


SERVICES = dict(services())


def test_every_services_module_is_found():
    modules = service_modules()
    assert {"offramp.core.services", "offramp.cases.services", "offramp.people.services",
            "offramp.instruments.services"} <= set(modules)
    assert "offramp.cases.services.case_open" in SERVICES
    assert "offramp.cases.services.case_open_within" not in SERVICES  # a part, not a service


def test_the_allow_list_names_services_that_exist():
    assert set(NOT_DURABLE) <= set(SERVICES)
    assert all(len(reason) > 20 for reason in NOT_DURABLE.values())


def test_services_are_keyword_only_and_typed():
    problems = []
    for name, service in SERVICES.items():
        signature = inspect.signature(service)  # the service's own, through its decorators
        for parameter in signature.parameters.values():
            if parameter.kind not in (parameter.KEYWORD_ONLY, parameter.VAR_KEYWORD):
                problems.append(f"{name}: {parameter.name} is not keyword-only")
            if parameter.annotation is parameter.empty:
                problems.append(f"{name}: {parameter.name} has no annotation")
        if signature.return_annotation is signature.empty:
            problems.append(f"{name}: no return annotation")
    assert not problems, "\n".join(problems)


def _ran(function: Callable, traceback: TracebackType | None) -> bool:
    """Whether the function's own body (beneath its decorators) was entered."""
    body = inspect.unwrap(function).__code__
    while traceback is not None:
        if traceback.tb_frame.f_code is body:
            return True
        traceback = traceback.tb_next
    return False


@pytest.mark.django_db(transaction=True)
def test_services_are_their_own_outermost_transaction():
    problems = []
    for name, service in SERVICES.items():
        if name in NOT_DURABLE:
            continue
        try:
            with transaction.atomic():
                service()
        except RuntimeError as error:
            if "durable" not in str(error) or _ran(service, error.__traceback__):
                problems.append(f"{name}: {error!r} (from its body, not its decorator)")
                continue
        except Exception as error:  # noqa: BLE001 - any other outcome is the finding
            problems.append(f"{name}: not durable; called inside a transaction it went on to {error!r}")
            continue
        else:
            problems.append(f"{name}: not durable; it ran inside a transaction")
            continue
        try:
            service()
        except TypeError:
            pass  # outside a transaction it gets as far as binding its arguments
        except Exception as error:  # noqa: BLE001
            problems.append(f"{name}: outside any transaction it raised {error!r}, not a TypeError for its arguments")
        else:
            problems.append(f"{name}: ran with no arguments")
    assert not problems, "\n".join(problems)
