from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "Scoring models"

    def ready(self) -> None:
        from scoring import checks  # noqa: F401  registers the start-up checks
        from scoring.shared_vectors import share_vectors_if_configured

        share_vectors_if_configured()
