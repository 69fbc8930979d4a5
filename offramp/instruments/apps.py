from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    """The instrument engine. Apps whose records carry questionnaires register a subject type in their
    own `AppConfig.ready` (offramp.instruments.subjects.register_subject); this app imports none of them."""

    name = "offramp.instruments"
    label = "instruments"
