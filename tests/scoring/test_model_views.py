"""The model pages: only staff with the 'manage models' permission reach them or their actions."""
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ml.dataset import Decision
from ml.report import compare_models
from moderation.models import ModerationSettings
from scoring import retraining
from scoring.models import ImportedCorpus, ModelAuditEntry, ModelVersion
from tests.ml.builders import world_examples
from tests.moderation.builders import make_moderator
from tests.scoring.registry_builders import make_model_manager, make_version, tamper, trained, world_jsonl

PAGES = [("scoring:models", ()), ("scoring:model_shadow", ()), ("scoring:model_import", ()),
         ("scoring:model_report", (1,)), ("scoring:model_thresholds", (1,)),
         ("scoring:model_promote", (1,)), ("scoring:model_rollback", ())]  # GET: confirmation pages
ACTIONS = [("scoring:model_retrain", ()), ("scoring:model_rollback", ()),
           ("scoring:model_set_shadow", ()), ("scoring:model_promote", (1,))]


pytestmark = pytest.mark.usefixtures("models_home")
# These test models have no held-out evaluation: promoting one from the pages takes a reason.
REASON = {"override": "trained outside the site, checked by hand"}


@pytest.fixture
def manager(db):
    return make_model_manager("maud")


@pytest.fixture
def staff_without_permission(db):
    user = make_moderator("stan")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def live(db, tmp_path):
    return make_version("narrow", tmp_path / "models" / "narrow", live=True)


@pytest.fixture
def candidate(db, tmp_path):
    return make_version("full", tmp_path / "models" / "full")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(("name", "args"), PAGES + ACTIONS)
def test_anonymous_visitors_are_sent_to_log_in(db, name, args):
    response = Client().post(reverse(name, args=args)) if (name, args) in ACTIONS else \
        Client().get(reverse(name, args=args))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["alice", "moderator", "staff_without_permission"])
@pytest.mark.parametrize(("name", "args"), PAGES + ACTIONS)
def test_readers_moderators_and_plain_staff_are_refused(request, who, name, args):
    client = client_for(request.getfixturevalue(who))
    url = reverse(name, args=args)
    response = client.post(url) if (name, args) in ACTIONS else client.get(url)
    assert response.status_code == 403


def test_refused_actions_change_nothing(moderator, live, candidate):
    client_for(moderator).post(reverse("scoring:model_promote", args=[candidate.pk]))
    assert ModelVersion.objects.get(is_active=True).pk == live.pk


def test_manager_sees_every_version_and_which_is_live(manager, live, candidate):
    response = client_for(manager).get(reverse("scoring:models"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("narrow test model") == 1
    live_link = re.search(r'<tr class="model-live">\s*<td><a href="([^"]+)"', page)
    assert live_link and live_link.group(1) == live.get_absolute_url()
    assert f"Model #{live.pk}</a>" in page  # named in the "serving now" panel too


def test_rollback_button_names_the_model_it_would_restore(manager, live, candidate):
    client = client_for(manager)
    assert "Nothing to roll back to" in client.get(reverse("scoring:models")).content.decode()
    client.post(reverse("scoring:model_promote", args=[candidate.pk]), REASON)
    page = client.get(reverse("scoring:models")).content.decode()
    assert f"Roll back to model #{live.pk}…</a>" in page


def test_promote_asks_for_confirmation_before_anything_changes(manager, live, candidate):
    page = client_for(manager).get(reverse("scoring:model_promote", args=[candidate.pk])).content.decode()

    assert f"Promote model #{candidate.pk}?" in page
    assert f"instead of the live <a href=\"{live.get_absolute_url()}\">model #{live.pk}</a>" in page
    assert re.search(rf'<button type="submit" class="button">Promote model #{candidate.pk}</button>', page)
    assert ModelVersion.objects.get(is_active=True).pk == live.pk


def test_rollback_confirmation_names_the_model_that_comes_back(manager, live, candidate):
    client = client_for(manager)
    client.post(reverse("scoring:model_promote", args=[candidate.pk]), REASON)
    page = client.get(reverse("scoring:model_rollback")).content.decode()

    assert f"Roll back to model #{live.pk}?" in page
    assert ModelVersion.objects.get(is_active=True).pk == candidate.pk


def test_rollback_confirmation_without_an_earlier_model_says_so(manager, live):
    response = client_for(manager).get(reverse("scoring:model_rollback"), follow=True)
    assert "Nothing to roll back to" in response.content.decode()


def test_only_a_ready_model_gets_a_promotion_page(manager, live):
    training = ModelVersion.objects.create(status=ModelVersion.Status.TRAINING)
    response = client_for(manager).get(reverse("scoring:model_promote", args=[training.pk]))
    assert response.status_code == 404


def test_failed_training_shows_its_error_on_the_list_and_the_report(manager, live):
    failed = ModelVersion.objects.create(status="failed", error="DataError: no moderator decisions yet")
    for url in (reverse("scoring:models"), failed.get_absolute_url()):
        assert "no moderator decisions yet" in client_for(manager).get(url).content.decode()


def test_manager_promotes_with_one_post(manager, live, candidate):
    response = client_for(manager).post(reverse("scoring:model_promote", args=[candidate.pk]), REASON)
    assert response.status_code == 302
    assert ModelVersion.objects.get(is_active=True).pk == candidate.pk


def test_promote_needs_a_csrf_token(manager, live, candidate):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    assert client.post(reverse("scoring:model_promote", args=[candidate.pk])).status_code == 403
    assert ModelVersion.objects.get(is_active=True).pk == live.pk


def test_promoting_a_tampered_model_shows_a_clear_refusal(manager, live, candidate):
    tamper(candidate)
    url = reverse("scoring:model_promote", args=[candidate.pk])
    response = client_for(manager).post(url, REASON, follow=True)
    assert "Refused:" in response.content.decode() and "live model is unchanged" in response.content.decode()
    assert ModelVersion.objects.get(is_active=True).pk == live.pk


def test_upload_of_a_bad_corpus_imports_nothing_and_says_why(manager, tmp_path):
    path = world_jsonl(tmp_path / "world.jsonl")
    path.write_text(path.read_text() + "not json\n")
    with path.open("rb") as upload:
        response = client_for(manager).post(reverse("scoring:model_import"),
                                            {"format": "jsonl", "file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was imported" in page and "world.jsonl:29" in page
    assert not ImportedCorpus.objects.exists()


def test_upload_of_a_good_corpus_imports_it(manager, tmp_path):
    with world_jsonl(tmp_path / "world.jsonl").open("rb") as upload:
        response = client_for(manager).post(reverse("scoring:model_import"),
                                            {"format": "jsonl", "file": upload})
    assert response.status_code == 302
    assert ImportedCorpus.objects.get().examples.count() == 28


@pytest.fixture
def reported(live, candidate):
    holdout = [Decision(e, timezone.now(), str(i)) for i, e in enumerate(world_examples())]
    report = compare_models(holdout, trained("full"), trained("narrow"))
    retraining.write_report(Path(candidate.directory), report)
    ModelVersion.objects.filter(pk=candidate.pk).update(report=report)
    return candidate


def test_report_page_puts_both_models_side_by_side_with_plots(manager, reported):
    response = client_for(manager).get(reverse("scoring:model_report", args=[reported.pk]))
    page = response.content.decode()
    assert "PR-AUC" in page and "Where the two models disagree most" in page
    assert reverse("scoring:model_plot", args=[reported.pk, "pr_spam.png"]) in page
    assert 'alt="Spam: precision against recall on the held-out decisions"' in page
    assert f"Live now: <a href=\"{response.context['live'].get_absolute_url()}\">" in page


def test_plots_are_served_as_png_and_unknown_names_are_not(manager, reported):
    client = client_for(manager)
    image = client.get(reverse("scoring:model_plot", args=[reported.pk, "pr_spam.png"]))
    assert image["Content-Type"] == "image/png" and b"".join(image.streaming_content).startswith(b"\x89PNG")
    assert client.get(reverse("scoring:model_plot", args=[reported.pk, "report.json"])).status_code == 404


def test_thresholds_page_shows_the_recall_a_target_precision_keeps(manager, reported):
    response = client_for(manager).get(reverse("scoring:model_thresholds", args=[reported.pk]),
                                       {"spam_target": "0.9", "drift_target": "0.8"})
    assert response.status_code == 200
    assert response.context["picks"]["spam"]["target_precision"] == 0.9
    assert "Held per day" in response.content.decode()


def test_applying_thresholds_sets_the_hold_thresholds_and_is_audited(manager, reported):
    data = {"spam_target": "0.9", "drift_target": "0.8", "spam_threshold": "0.6", "drift_threshold": "0.75"}
    client_for(manager).post(reverse("scoring:model_thresholds", args=[reported.pk]), data)
    current = ModerationSettings.load()
    assert (current.use_model_thresholds, current.spam_hold_threshold, current.drift_hold_threshold) == (
        False, 0.6, 0.75)
    assert ModelAuditEntry.objects.get(action="thresholds").actor == manager
