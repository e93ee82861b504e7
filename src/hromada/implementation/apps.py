from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImplementationConfig(AppConfig):
    name = "hromada.implementation"
    label = "implementation"
    verbose_name = _("Implementation and evaluation")

    def ready(self) -> None:
        from hromada.implementation import panels
        from hromada.implementation.evaluation import panels as evaluation_panels

        panels.register()
        evaluation_panels.register()
