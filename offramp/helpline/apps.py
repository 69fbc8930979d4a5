from django.apps import AppConfig


class HelplineConfig(AppConfig):
    name = "offramp.helpline"
    label = "helpline"

    def ready(self) -> None:
        from offramp.core import workqueue
        from offramp.helpline import queue

        workqueue.register(workqueue.Provider(items=queue.queue_items, counts=queue.queue_counts))
