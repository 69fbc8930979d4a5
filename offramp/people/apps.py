from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "offramp.people"
    label = "people"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from offramp.core import navigation
        from offramp.core.access import CASEWORK
        from offramp.people import demo, permissions  # noqa: F401 - declares what its roles may do

        demo.register()  # its benchmark rows
        navigation.register(navigation.MenuItem(_("People"), "person_list", CASEWORK, order=20))
