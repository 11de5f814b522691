"""Every action on the model pages leaves a model audit entry naming the admin who took it."""
import pytest
from django.urls import reverse

from scoring.models import ModelAuditEntry
from tests.scoring.test_model_views import REASON, candidate, client_for, live, manager  # noqa: F401

pytestmark = pytest.mark.usefixtures("models_home")


def audited(actor) -> list[tuple[str, int | None]]:
    return list(ModelAuditEntry.objects.filter(actor=actor).order_by("id").values_list("action", "model_id"))


def test_retrain_shadow_promote_rollback_and_thresholds_are_each_audited_with_the_admin(
    manager, live, candidate  # noqa: F811
):
    client = client_for(manager)
    client.post(reverse("scoring:model_retrain"))
    [(_, retrained)] = audited(manager)
    client.post(reverse("scoring:model_set_shadow"), {"model": candidate.pk})
    client.post(reverse("scoring:model_set_shadow"), {"model": ""})
    client.post(reverse("scoring:model_promote", args=[candidate.pk]), REASON)
    client.post(reverse("scoring:model_rollback"))
    thresholds = {"spam_target": "0.9", "drift_target": "0.8",
                  "spam_threshold": "0.6", "drift_threshold": "0.7"}
    client.post(reverse("scoring:model_thresholds", args=[live.pk]), thresholds)
    assert audited(manager) == [
        ("retrain", retrained), ("shadow_on", candidate.pk), ("shadow_off", candidate.pk),
        ("promote", candidate.pk), ("rollback", live.pk), ("thresholds", live.pk),
    ]
