"""The words the plan uses for the assessments app's keys: the eight wellness dimensions (C4), the four change
targets (C2) and the two early stages of change the stage-fit caution is about (C3)."""

from django.utils.translation import gettext_lazy as _

from offramp.assessments.catalogue import DIMENSIONS, TARGETS

DIMENSION_LABELS = {
    "emotional": _("Emotional"), "environmental": _("Environmental"), "financial": _("Financial"),
    "intellectual": _("Intellectual"), "occupational": _("Occupational"), "physical": _("Physical"),
    "social": _("Social"), "spiritual": _("Spiritual"),
}
TARGET_LABELS = {"behaviour": _("Violent-extremist behaviour"), "networks": _("Social networks"), "ideology": _("Ideology"),
                 "identity": _("Identity")}
# C3: goals and interventions on these targets are cautioned while the person is at an early stage.
CAUTION_TARGETS = ("ideology", "identity")
EARLY_STAGES = {1: _("precontemplation"), 2: _("contemplation")}

assert set(DIMENSION_LABELS) == set(DIMENSIONS) and set(TARGET_LABELS) == set(TARGETS)  # noqa: S101


def dimension_choices() -> list[tuple[str, str]]:
    return [(key, str(DIMENSION_LABELS[key])) for key in DIMENSIONS]


def target_choices() -> list[tuple[str, str]]:
    return [(key, str(TARGET_LABELS[key])) for key in TARGETS]
