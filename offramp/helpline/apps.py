from django.apps import AppConfig


class HelplineConfig(AppConfig):
    name = "offramp.helpline"
    label = "helpline"
