from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    """The instrument engine. Apps whose records carry questionnaires register a subject type in their
    own `AppConfig.ready` (offramp.instruments.subjects.register_subject); this app imports none of them."""

    name = "offramp.instruments"
    label = "instruments"

    def ready(self) -> None:
        from offramp.instruments import demo

        demo.register()  # its part of the demo
