"""A candidate's report in plain words: is the evaluation big enough to judge, and what would change.

An admin who is not an ML engineer reads this first; the metrics table comes after, each metric with
one line saying what it means. Promotion from the pages is refused while `judge(report).enough` is
false, unless the admin overrides it with a reason (audited).
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Held-out decisions of each kind (approved, spam, off-topic) below which a report proves nothing.
MIN_EACH = 10
KINDS = {"ham": "approved", "spam": "spam", "off_topic": "off-topic"}
# One line for each metric of the side-by-side table (ml.report.side_by_side names them).
METRIC_HELP = {
    "PR-AUC": "How well the scores put the unwanted comments above the good ones (1 is perfect); the "
              "best single number when unwanted comments are rare.",
    "ROC-AUC": "The chance that a random unwanted comment scores higher than a random good one (0.5 is "
               "a coin toss).",
    "threshold": "The score from which the model holds a comment.",
    "precision at threshold": "Of the comments it would hold, the share moderators also rejected: "
                              "low precision means good comments wait in the queue.",
    "recall at threshold": "Of the comments moderators rejected, the share it would have held: low "
                           "recall means unwanted comments get published.",
    "F1": "Precision and recall in one number (their harmonic mean).",
    "MCC": "Agreement with the moderators at the threshold, from -1 to 1, fair even when spam is rare "
           "(0: no better than chance).",
    "Brier score (lower is better)": "How far the scores are from what moderators decided, as "
                                     "probabilities: 0 is perfect, 0.25 is guessing.",
}


@dataclass(frozen=True)
class Verdict:
    enough: bool
    held_out: int
    headline: str
    details: list[str] = field(default_factory=list)


def judge(report: dict) -> Verdict:
    """The plain verdict on a candidate's report (an empty report: no held-out decisions at all)."""
    rows = int(report.get("rows") or 0)
    counts = {kind: int((report.get("labels") or {}).get(kind, 0)) for kind in KINDS}
    held_out = ", ".join(f"{counts[kind]} {name}" for kind, name in KINDS.items())
    if min(counts.values()) < MIN_EACH:
        headline = (f"Not enough decisions to judge: {rows} (needs at least {MIN_EACH} of each kind). "
                    "Don't promote yet.")
        return Verdict(False, rows, headline, [f"Held-out moderator decisions: {held_out}.", MORE_DECISIONS])
    heads = {name: model["heads"] for name, model in report["models"].items()}
    details = [_head_line("spam", "the held-out spam", heads),
               _head_line("drift", "the off-topic comments", heads),
               _traffic_line(report.get("traffic")),
               f"Judged on {rows} held-out moderator decisions: {held_out}."]
    return Verdict(True, rows, _headline(heads, report.get("traffic")), details)


MORE_DECISIONS = ("Let moderators decide more comments (the 'Needs a label' tab lists the ones that teach "
                  "the model most), then retrain.")


def _headline(heads: dict, traffic: dict | None) -> str:
    if "live" not in heads:
        caught = _pct(_recall(heads, "candidate", "spam"))
        return f"There is no live model to compare with: it catches {caught} of the held-out spam."
    spam, drift = _caught("spam", "spam", heads), _caught("drift", "off-topic comments", heads)
    held = _held_difference(traffic)
    holds = f", and would hold {held}" if held else ""
    return f"Compared with the live model, it catches {spam} and {drift}{holds}."


def _caught(head: str, what: str, heads: dict) -> str:
    """'about 8% more of the spam': the gap in the share of held-out unwanted comments each model catches."""
    gap = round(100 * (_recall(heads, "candidate", head) - _recall(heads, "live", head)))
    if gap == 0:
        return f"as much of the {what}"
    return f"about {abs(gap)}% {'more' if gap > 0 else 'less'} of the {what}"


def _recall(heads: dict, model: str, head: str) -> float:
    return heads[model][head].get("recall") or 0.0


def _held_difference(traffic: dict | None) -> str:
    shares = (traffic or {}).get("held_share", {})
    if shares.get("candidate") is None or shares.get("live") is None:
        return ""
    more = round((shares["candidate"] - shares["live"]) * traffic["per_day"])
    if more == 0:
        return "about as many comments a day"
    return f"about {abs(more)} {'more' if more > 0 else 'fewer'} comment{'s' if abs(more) != 1 else ''} a day"


def _head_line(head: str, what: str, heads: dict) -> str:
    name = "Spam" if head == "spam" else "Off-topic"
    candidate, live = heads["candidate"][head], heads.get("live", {}).get(head, {})
    line = f"{name}: it catches {_pct(candidate.get('recall'))} of {what}"
    line += f" (live model: {_pct(live.get('recall'))})" if live else ""
    line += f"; of the comments it would hold, {_pct(candidate.get('precision'))} were rightly held"
    return line + (f" (live model: {_pct(live.get('precision'))})." if live else ".")


def _traffic_line(traffic: dict | None) -> str:
    shares = (traffic or {}).get("held_share", {})
    if not traffic or shares.get("candidate") is None:
        return "No comments in the last 7 days to count what it would hold day to day."
    line = (f"Of the last 7 days' {traffic['comments']} comments ({traffic['per_day']:.0f} a day) it would "
            f"hold {_pct(shares['candidate'])}")
    return line + (f" (live model: {_pct(shares['live'])})." if shares.get("live") is not None else ".")


def _pct(share: float | None) -> str:
    return "none" if share is None else f"{share:.0%}"
