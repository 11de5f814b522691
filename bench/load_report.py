"""Figures for bench/load.py: percentiles, sustained rate, errors by status and by fault phase."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

FAULT_GRACE_SECONDS = 10.0  # errors this long after a fault finished still count as that fault's


@dataclass
class Phase:
    name: str
    started: float
    finished: float


@dataclass
class Figures:
    rows: list[tuple[str, str]] = field(default_factory=list)

    def add(self, label: str, value: str) -> None:
        self.rows.append((label, value))

    def print(self, title: str) -> None:
        width = max(len(label) for label, _ in self.rows)
        print(f"\n{title}\n" + "-" * (width + 40))
        for label, value in self.rows:
            print(f"{label:<{width}}  {value}")


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def p50_95_99(seconds: list[float]) -> str:
    return " / ".join(f"{percentile(seconds, share) * 1000:,.0f}" for share in (0.5, 0.95, 0.99)) + " ms"


def succeeded(post: dict) -> bool:
    return isinstance(post["status"], int) and 200 <= post["status"] < 400


def sustained_rate(client: dict) -> float:
    ok = sum(succeeded(post) for post in client["posts"])
    return ok / (client["end"] - client["start"])


def final_statuses(client: dict) -> Counter:
    return Counter(str(post["status"]) for post in client["posts"])


def failed_attempts_by_phase(client: dict, phases: list[Phase]) -> dict[str, Counter]:
    """Every attempt that got a 5xx or no answer, grouped by the fault it happened under.

    An attempt is charged by the moment its answer came: under load a request can wait in the server's
    queue for seconds before it meets the restarted database.
    """
    grouped: dict[str, Counter] = {}
    for post in client["posts"]:
        for _sent, answered, status in post["attempts"]:
            if isinstance(status, int) and status < 500:
                continue
            grouped.setdefault(phase_at(answered, phases), Counter())[str(status)] += 1
    return grouped


def phase_at(moment: float, phases: list[Phase]) -> str:
    for phase in phases:
        if phase.started <= moment <= phase.finished + FAULT_GRACE_SECONDS:
            return phase.name
    return "steady"


def retried_posts(client: dict) -> int:
    """Posts sent again after a failure (the "post anyway" after an off-topic warning is no retry)."""
    return sum(len(post["attempts"]) - post.get("warned", False) > 1 for post in client["posts"])


def integrity(client: dict, by_ref: dict[str, list]) -> dict[str, int]:
    """Posted (2xx/3xx seen) vs stored: lost, duplicated by a retry, stored although the client gave up."""
    ok_refs = {post["ref"] for post in client["posts"] if succeeded(post)}
    return {
        "posted (2xx/3xx seen)": len(ok_refs),
        "lost (posted, not in DB)": len(ok_refs - set(by_ref)),
        "duplicates (retry saved twice)": sum(len(rows) - 1 for rows in by_ref.values()),
        "stored though client saw failure": len(set(by_ref) - ok_refs),
    }
