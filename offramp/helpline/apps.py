from django.apps import AppConfig


class HelplineConfig(AppConfig):
    name = "offramp.helpline"
    label = "helpline"

    def ready(self) -> None:
        from offramp.core import timeline as core_timeline
        from offramp.core import workqueue
        from offramp.helpline import (
            queue,
            timeline,
            vocabularies,  # noqa: F401 - declares its lists of terms
        )

        workqueue.register(workqueue.Provider(items=queue.queue_items, counts=queue.queue_counts))
        for provider in timeline.PROVIDERS:
            core_timeline.register(provider)

        from offramp.helpline import demo

        demo.register()  # its part of the demo and scale data, and its benchmark rows
