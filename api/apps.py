from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Sites, API keys and webhooks"

    def ready(self) -> None:
        from api import receivers  # noqa: F401  (connects the webhook receivers)
