"""Model pages a non-ML admin can act on: a plain verdict first, promotion refused on an evaluation too
small to judge (or overridden with an audited reason), thresholds explained, the models page in the
navigation, a warning when the live model was refused, and promotion ending a shadow run out loud."""
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from ml.dataset import Decision
from ml.report import compare_models
from scoring import live_model, registry, retraining, traffic, verdicts
from scoring.models import ModelAuditEntry, ModelVersion
from tests.blog.builders import make_article, make_comment, make_reader
from tests.ml.builders import world_examples
from tests.scoring.registry_builders import tamper, trained
from tests.scoring.test_model_views import REASON, candidate, client_for, live, manager  # noqa: F401

pytestmark = pytest.mark.usefixtures("models_home")


def report_on(examples, copies: int = 1) -> dict:
    """Candidate ('full') against live ('narrow') on these examples as held-out decisions."""
    holdout = [Decision(e, timezone.now(), str(i)) for i, e in enumerate(list(examples) * copies)]
    return compare_models(holdout, trained("full"), trained("narrow"))


def with_report(row: ModelVersion, report: dict) -> ModelVersion:
    retraining.write_report(Path(row.directory), report)
    ModelVersion.objects.filter(pk=row.pk).update(report=report)
    row.refresh_from_db()
    return row


@pytest.fixture
def judged_on_two(candidate):  # noqa: F811
    return with_report(candidate, report_on(world_examples()[:2]))


@pytest.fixture
def judged_enough(candidate):  # noqa: F811
    return with_report(candidate, report_on(world_examples(), copies=2))  # 16 ham, 16 spam, 24 off-topic


def test_a_fresh_install_without_decisions_is_not_enough_to_judge():
    verdict = verdicts.judge({})
    assert not verdict.enough
    assert verdict.headline == ("Not enough decisions to judge: 0 (needs at least 10 of each kind). "
                                "Don't promote yet.")


def test_two_held_out_decisions_are_not_enough_and_the_report_says_so_first(
    manager, live, judged_on_two  # noqa: F811
):
    page = client_for(manager).get(judged_on_two.get_absolute_url()).content.decode()
    headline = "Not enough decisions to judge: 2 (needs at least 10 of each kind). Don&#x27;t promote yet."
    assert headline in page and page.index(headline) < page.index("PR-AUC")
    assert "Promote anyway…" in page and "Promote to live…" not in page


def test_enough_decisions_compare_with_the_live_model_in_plain_words():
    heads = {"spam": {"recall": 0.88, "precision": 0.9}, "drift": {"recall": 0.7, "precision": 0.8}}
    live_heads = {"spam": {"recall": 0.8, "precision": 0.95}, "drift": {"recall": 0.7, "precision": 0.8}}
    report = {"rows": 60, "labels": {"ham": 20, "spam": 20, "off_topic": 20},
              "models": {"candidate": {"heads": heads}, "live": {"heads": live_heads}},
              "traffic": {"comments": 700, "per_day": 100.0, "held_share": {"candidate": 0.13, "live": 0.1}}}
    verdict = verdicts.judge(report)
    assert verdict.enough
    assert verdict.headline == ("Compared with the live model, it catches about 8% more of the spam and as "
                                "much of the off-topic comments, and would hold about 3 more comments a day.")
    assert "Spam: it catches 88% of the held-out spam (live model: 80%)" in verdict.details[0]


def test_a_report_on_enough_decisions_offers_promotion_with_its_verdict(manager, live, judged_enough):  # noqa: F811
    page = client_for(manager).get(judged_enough.get_absolute_url()).content.decode()
    assert "Compared with the live model, it catches" in page and "Promote to live…" in page


def test_each_metric_of_the_report_is_explained_in_one_line(manager, live, judged_enough):  # noqa: F811
    page = client_for(manager).get(judged_enough.get_absolute_url()).content.decode()
    for metric in ("PR-AUC", "MCC", "Brier score (lower is better)", "precision at threshold"):
        assert verdicts.METRIC_HELP[metric].replace("'", "&#x27;") in page, metric


def test_promote_is_refused_on_an_evaluation_too_small_to_judge(manager, live, judged_on_two):  # noqa: F811
    url = reverse("scoring:model_promote", args=[judged_on_two.pk])
    response = client_for(manager).post(url, follow=True)
    assert "Refused: model #" in response.content.decode() and "too few to tell" in response.content.decode()
    assert registry.live_version() == live
    assert not ModelAuditEntry.objects.filter(action="promote").exists()


def test_promote_with_a_reason_overrides_and_the_audit_keeps_the_reason(manager, live, judged_on_two):  # noqa: F811
    client_for(manager).post(reverse("scoring:model_promote", args=[judged_on_two.pk]), REASON)
    assert registry.live_version() == judged_on_two
    entry = ModelAuditEntry.objects.get(action="promote")
    assert (entry.actor, entry.details) == (manager, {"override": REASON["override"], "held_out": 2})


def test_promote_on_enough_decisions_needs_no_reason(manager, live, judged_enough):  # noqa: F811
    client_for(manager).post(reverse("scoring:model_promote", args=[judged_enough.pk]))
    assert registry.live_version() == judged_enough
    assert ModelAuditEntry.objects.get(action="promote").details == {}


def test_the_confirmation_asks_for_a_reason_only_when_the_evaluation_is_too_small(
    manager, live, judged_on_two  # noqa: F811
):
    page = client_for(manager).get(reverse("scoring:model_promote", args=[judged_on_two.pk])).content.decode()
    assert "Promote anyway, because" in page and "Not enough decisions to judge" in page


def test_promoting_the_shadow_model_says_it_ends_the_shadow_run_and_audits_that(
    manager, live, judged_enough  # noqa: F811
):
    registry.set_shadow(judged_enough.pk, manager)
    client = client_for(manager)
    page = client.get(reverse("scoring:model_promote", args=[judged_enough.pk])).content.decode()
    assert "promoting it ends its\n      shadow run" in page
    response = client.post(reverse("scoring:model_promote", args=[judged_enough.pk]), follow=True)
    assert "Its shadow run has ended." in response.content.decode()
    assert registry.shadow_version() is None
    ended = ModelAuditEntry.objects.filter(action="shadow_off").get()
    assert (ended.model, ended.actor, ended.details) == (judged_enough, manager, {"ended_by": "promotion"})


def test_the_models_page_is_in_the_navigation_for_model_managers_only(manager, moderator):  # noqa: F811
    link = f'<a href="{reverse("scoring:models")}">Models</a>'
    assert link in client_for(manager).get("/").content.decode()
    assert link not in client_for(moderator).get("/").content.decode()


def test_the_models_page_warns_when_the_live_model_fails_verification(manager, live):  # noqa: F811
    tamper(live)
    page = client_for(manager).get(reverse("scoring:models")).content.decode()
    assert "The live model was refused at load." in page and "does not match the SHA-256" in page


def test_a_worker_refusing_the_live_model_is_audited_and_shown(manager, live, candidate):  # noqa: F811
    live_model.get_active_model()  # a worker serving the live model
    ModelVersion.objects.filter(pk=live.pk).update(is_active=False)  # promoted elsewhere, not yet loaded here
    ModelVersion.objects.filter(pk=candidate.pk).update(is_active=True)
    tamper(candidate)
    assert live_model.get_active_model().version == live.version  # refused: it keeps serving what it had
    assert ModelAuditEntry.objects.filter(action="refused", model=candidate).count() == 1
    page = client_for(manager).get(reverse("scoring:models")).content.decode()
    assert "The live model was refused at load." in page


def test_the_models_page_has_no_warning_when_the_live_model_is_fine(manager, live):  # noqa: F811
    assert "refused at load" not in client_for(manager).get(reverse("scoring:models")).content.decode()


def test_thresholds_page_explains_target_precision_and_shows_the_trade_off(manager, live, judged_enough):  # noqa: F811
    response = client_for(manager).get(reverse("scoring:model_thresholds", args=[judged_enough.pk]))
    page = response.content.decode()
    assert "The <strong>target precision</strong> says how sure the model must be" in page
    assert "what a stricter or looser threshold costs" in page
    assert [line["threshold"] for line in response.context["trade_offs"]["spam"]] == [0.2, 0.3, 0.4, 0.5, 0.6,
                                                                                       0.7, 0.8, 0.9]


def test_thresholds_page_says_what_to_do_when_a_target_is_out_of_reach(manager, live, candidate):  # noqa: F811
    labels = ["spam", "ham", "spam", "ham", "off_topic", "ham"]
    # Good comments outscore the unwanted ones: no threshold is precise.
    scores = {"spam": [0.2, 0.9, 0.3, 0.8, 0.1, 0.7], "drift": [0.1, 0.9, 0.1, 0.8, 0.2, 0.7]}
    report = {"rows": 6, "labels": {}, "scores": {"labels": labels, "candidate": scores}}
    ModelVersion.objects.filter(pk=candidate.pk).update(report=report)
    page = client_for(manager).get(reverse("scoring:model_thresholds", args=[candidate.pk])).content.decode()
    assert "Spam: no threshold reaches 95% precision on these held-out decisions" in page
    assert "lower the target" in page and "Needs a label" in page


def test_recent_traffic_counts_what_each_model_would_hold(db, live, candidate):  # noqa: F811
    article, alice = make_article("solid-state"), make_reader("alice")
    for body in ("Great news about the cells.", "BUY CHEAP WATCHES www.cheap.example NOW"):
        make_comment(article, alice, body)
    holds = traffic.compare_holds(trained("full"), trained("narrow"))
    assert (holds["comments"], holds["per_day"]) == (2, 2 / 7)
    assert set(holds["held_share"]) == {"candidate", "live"}
    assert all(0 <= share <= 1 for share in holds["held_share"].values())
