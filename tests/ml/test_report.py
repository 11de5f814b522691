import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

import ml
from ml.dataset import Decision
from ml.plots import render_plots
from ml.report import (
    calibration,
    compare_models,
    confusion_at,
    pick_threshold,
    pick_thresholds,
    side_by_side,
)
from tests.ml.builders import world_examples

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def holdout() -> list[Decision]:
    start = datetime(2026, 3, 2, tzinfo=UTC)
    return [Decision(e, start + timedelta(minutes=i), ref=str(i)) for i, e in enumerate(world_examples())]


@pytest.fixture(scope="module")
def weaker_model():
    """Trained without the swapped-article drift rows, so it disagrees with the full model somewhere."""
    examples = [e for e in world_examples() if e.group != "swap"]
    return ml.train_model(examples, folds=2)


@pytest.fixture(scope="module")
def report(holdout, weaker_model, model):
    return compare_models(holdout, candidate=model, live=weaker_model)


def test_report_survives_a_json_round_trip(report):
    assert json.loads(json.dumps(report)) == report


def test_both_models_are_judged_on_the_same_rows(report, holdout):
    for head in ("spam", "drift"):
        candidate, live = (report["models"][name]["heads"][head] for name in ("candidate", "live"))
        assert candidate["n"] == live["n"] > 0
        assert candidate["positives"] == live["positives"]
    assert report["models"]["candidate"]["heads"]["spam"]["n"] == len(holdout)
    assert report["labels"] == {"ham": 8, "off_topic": 12, "spam": 8}


def test_precision_and_recall_agree_with_the_confusion_counts(report):
    spam = report["models"]["candidate"]["heads"]["spam"]
    at_model = spam["confusion_at"][-1]
    assert at_model["threshold"] == spam["threshold"]
    assert spam["recall"] == at_model["tp"] / (at_model["tp"] + at_model["fn"])
    assert spam["pr_auc"] is not None and 0 <= spam["calibration"]["brier"] <= 1


def test_disagreements_are_sorted_by_gap_and_carry_both_scores(report):
    gaps = [row["gap"] for row in report["disagreements"]]
    assert gaps == sorted(gaps, reverse=True) and gaps[0] > 0
    worst = report["disagreements"][0]
    expected = max(abs(worst["candidate"][h] - worst["live"][h]) for h in ("spam", "drift"))
    assert worst["gap"] == pytest.approx(expected)
    assert worst["body"] and worst["label"] in {"ham", "spam", "off_topic"}


def test_a_model_compared_with_itself_never_disagrees(holdout, model):
    report = compare_models(holdout, candidate=model, live=model)
    assert all(row["gap"] == 0 for row in report["disagreements"])
    assert report["models"]["candidate"]["heads"] == report["models"]["live"]["heads"]


def test_first_model_is_reported_without_a_live_one(holdout, model):
    report = compare_models(holdout, candidate=model)
    assert set(report["models"]) == {"candidate"}
    assert report["disagreements"] == []


def test_empty_holdout_gives_an_empty_but_readable_report(model):
    report = compare_models([], candidate=model)
    assert report["models"]["candidate"]["heads"]["spam"] == {"n": 0, "positives": 0}
    assert render_plots(report) == {}


def test_confusion_at_counts_each_cell():
    truth = np.array([True, True, False, False, False])
    scores = np.array([0.9, 0.4, 0.6, 0.2, 0.1])
    expected = {"threshold": 0.5, "tp": 1, "fp": 1, "fn": 1, "tn": 2, "held": 0.4}
    assert confusion_at(truth, scores, 0.5) == expected


def test_calibration_bins_show_how_often_each_band_was_positive():
    truth = np.array([False, False, True, True])
    scores = np.array([0.05, 0.05, 0.95, 0.85])
    result = calibration(truth, scores, bins=10)
    assert result["brier"] == pytest.approx((0.05**2 * 2 + 0.05**2 + 0.15**2) / 4)
    assert [(b["lower"], b["count"], b["positive_rate"]) for b in result["bins"]] == [
        (0.0, 2, 0.0),
        (0.8, 1, 1.0),
        (0.9, 1, 1.0),
    ]


def test_threshold_picker_reports_recall_and_traffic_hold_share():
    truth = np.array([True, True, True, False, False, False])
    scores = np.array([0.9, 0.8, 0.3, 0.7, 0.2, 0.1])
    pick = pick_threshold(truth, scores, 1.0, traffic_scores=[0.95, 0.85, 0.1, 0.05])
    assert (pick["threshold"], pick["precision"], pick["met"]) == (0.8, 1.0, True)
    assert pick["recall"] == pytest.approx(2 / 3)
    assert pick["traffic_hold_share"] == 0.5


def test_threshold_picker_needs_both_classes():
    assert pick_threshold(np.array([True, True]), np.array([0.2, 0.9]), 0.9) is None


def test_thresholds_can_be_re_picked_from_a_stored_report(report):
    picks = pick_thresholds(report, {"spam": 0.9, "drift": 0.5}, traffic={"spam": [0.0, 1.0]})
    assert picks["spam"]["target_precision"] == 0.9 and picks["spam"]["traffic_hold_share"] == 0.5
    assert "traffic_hold_share" not in picks["drift"]


def test_plots_are_png_images_for_each_head(report):
    plots = render_plots(report)
    assert set(plots) == {
        f"{kind}_{head}.png" for kind in ("pr", "histogram", "calibration") for head in ("spam", "drift")
    }
    assert all(image.startswith(PNG_SIGNATURE) for image in plots.values())


def test_report_and_plot_modules_never_import_django_or_pyplot():
    code = (
        "import sys, ml.dataset, ml.report, ml.plots; "
        "assert 'django' not in sys.modules and 'matplotlib.pyplot' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_side_by_side_rows_pair_each_metric_of_both_models(report):
    rows = side_by_side(report)
    pr_auc = next(row for row in rows if row["head"] == "spam" and row["metric"] == "PR-AUC")
    assert pr_auc["candidate"] == report["models"]["candidate"]["heads"]["spam"]["pr_auc"]
    assert pr_auc["live"] == report["models"]["live"]["heads"]["spam"]["pr_auc"]
    assert {row["head"] for row in rows} == {"spam", "drift"}
