"""The named lists an organisation edits as taxonomy terms (closure reasons, movements of concern,
signs …). Each app registers its own, at import of its `vocabularies` module; core knows none."""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Vocabulary:
    key: str
    label: str | Promise


_vocabularies: dict[str, Vocabulary] = {}


def register(key: str, label: str | Promise) -> str:
    """Declare a vocabulary; returns its key, for the app to name it by."""
    _vocabularies[key] = Vocabulary(key=key, label=label)
    return key


def choices() -> list[tuple[str, str | Promise]]:
    """For TaxonomyTerm.vocabulary: every registered vocabulary, in the order the apps declared them."""
    return [(vocabulary.key, vocabulary.label) for vocabulary in _vocabularies.values()]
