from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Articles and comments"

    def ready(self) -> None:
        # Connects the failed-login counter to django.contrib.auth's user_login_failed signal.
        from blog import login_limits  # noqa: F401
