"""PNG plots of a comparison report: PR curves, score histograms by label, reliability diagrams.

Figures are built on the Agg canvas directly (no pyplot), so drawing is safe in a web or worker thread
and never needs a display.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from sklearn.metrics import precision_recall_curve

from ml.report import HEADS, head_rows

COLOURS = {"candidate": "tab:blue", "live": "tab:orange"}
POSITIVE = {"spam": "spam", "drift": "off_topic"}
NEGATIVE = {"spam": "not spam", "drift": "ham"}


def render_plots(report: dict) -> dict[str, bytes]:
    """Every plot of a report by file name; a head lacking a held-out class gets no PR or reliability plot."""
    plots = {}
    for head in HEADS:
        rows, truth = head_rows(head, report["scores"]["labels"])
        scores = {
            name: np.asarray(report["scores"][name][head], dtype=float)[rows] for name in _models(report)
        }
        if 0 < truth.sum() < len(truth):
            plots[f"pr_{head}.png"] = pr_curves_png(head, truth, scores)
            plots[f"calibration_{head}.png"] = reliability_png(head, report)
        if len(truth):
            plots[f"histogram_{head}.png"] = histograms_png(head, truth, scores)
    return plots


def pr_curves_png(head: str, truth: np.ndarray, scores: dict[str, np.ndarray]) -> bytes:
    figure, axes = _figure()
    for name, values in scores.items():
        precision, recall, _ = precision_recall_curve(truth, values)
        axes.step(recall, precision, where="post", color=COLOURS[name], label=name)
    axes.set(
        xlabel="recall",
        ylabel="precision",
        xlim=(0, 1),
        ylim=(0, 1.02),
        title=f"{head}: precision-recall on held-out decisions",
    )
    axes.legend(loc="lower left")
    return _png(figure)


def histograms_png(head: str, truth: np.ndarray, scores: dict[str, np.ndarray]) -> bytes:
    """One panel per model; each shows how the two labels' scores spread."""
    figure = Figure(figsize=(4 * len(scores), 3.2), layout="constrained")
    bins = np.linspace(0, 1, 21)
    for column, (name, values) in enumerate(scores.items(), start=1):
        axes = figure.add_subplot(1, len(scores), column)
        axes.hist(values[~truth], bins=bins, alpha=0.6, color="tab:green", label=NEGATIVE[head])
        axes.hist(values[truth], bins=bins, alpha=0.6, color="tab:red", label=POSITIVE[head])
        axes.set(xlabel=f"{head} score", ylabel="comments", title=name)
        axes.legend(loc="upper center")
    return _png(figure)


def reliability_png(head: str, report: dict) -> bytes:
    figure, axes = _figure()
    axes.plot([0, 1], [0, 1], color="grey", linestyle=":", label="perfectly calibrated")
    for name in _models(report):
        bins = report["models"][name]["heads"][head]["calibration"]["bins"]
        axes.plot(
            [b["mean_score"] for b in bins],
            [b["positive_rate"] for b in bins],
            marker="o",
            color=COLOURS[name],
            label=name,
        )
    axes.set(
        xlabel="mean score in band",
        ylabel=f"share that was {POSITIVE[head]}",
        xlim=(0, 1),
        ylim=(0, 1),
        title=f"{head}: reliability",
    )
    axes.legend(loc="upper left")
    return _png(figure)


def _models(report: dict) -> list[str]:
    return [name for name in ("candidate", "live") if name in report["models"]]


def _figure() -> tuple[Figure, object]:
    figure = Figure(figsize=(4.5, 3.4), layout="constrained")
    return figure, figure.add_subplot()


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)
    return buffer.getvalue()
