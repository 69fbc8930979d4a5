from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "offramp.people"
    label = "people"

    def ready(self) -> None:
        from offramp.people import demo

        demo.register()  # its benchmark rows
