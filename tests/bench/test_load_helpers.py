"""The pure helpers behind bench/load.py: its figures must be right even though the bench is not a test."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import load_report as report  # noqa: E402
import xtd  # noqa: E402


def post(ref: str, status, attempts=None) -> dict:
    attempts = attempts or [[0.0, 0.1, status]]
    return {"ref": ref, "due": 0.0, "done": 1.0, "status": status, "attempts": attempts}


def test_percentile_is_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert report.percentile(values, 0.5) == 50.0
    assert report.percentile(values, 0.95) == 95.0
    assert report.percentile([3.0], 0.99) == 3.0


def test_a_redirect_counts_as_posted_and_a_5xx_does_not():
    assert report.succeeded(post("a", 302))
    assert not report.succeeded(post("b", 503))
    assert not report.succeeded(post("c", "conn:ConnectionRefusedError"))


def test_integrity_counts_lost_duplicated_and_unacknowledged_comments():
    client = {"posts": [post("a", 302), post("b", 302), post("c", 502)]}
    stored = {"a": [(1,), (2,)], "c": [(3,)]}
    assert report.integrity(client, stored) == {
        "posted (2xx/3xx seen)": 2,
        "lost (posted, not in DB)": 1,
        "duplicates (retry saved twice)": 1,
        "stored though client saw failure": 1,
    }


def test_failed_attempts_are_charged_to_the_fault_they_happened_under():
    phases = [report.Phase("PostgreSQL restart", 100.0, 101.0)]
    # Sent before the restart began, answered during it: the restart's error, not a steady-state one.
    attempts = [[95.0, 100.5, 500], [105.0, 105.1, "conn:ConnectionResetError"], [200.0, 200.1, 302]]
    retried = post("a", 302, attempts)
    client = {"posts": [retried, post("b", 502, [[50.0, 50.2, 502]])]}
    grouped = report.failed_attempts_by_phase(client, phases)
    assert grouped["PostgreSQL restart"] == {"500": 1, "conn:ConnectionResetError": 1}
    assert grouped["steady"] == {"502": 1}


def test_thread_export_orders_replies_depth_first_and_counts_nested_replies():
    root, first, second, under_first = ({"pk": pk} for pk in (1, 2, 3, 4))
    children = {None: [root], 1: [first, second], 2: [under_first]}
    order, nested = xtd._preorder(children)
    assert order == {1: 1, 2: 2, 4: 3, 3: 4}
    assert nested == {1: 3, 2: 1, 3: 0, 4: 0}


def test_post_references_carry_no_digits_and_stay_unique():
    from load_client import REF, letters

    references = [f"runabcdef-{letters(i)}" for i in range(3000)]
    assert len(set(references)) == 3000
    assert not any(ch.isdigit() for ref in references for ch in ref)
    assert [REF.search(f"Some comment.\n\n(ref {ref})").group(1) for ref in references] == references


def test_posting_anyway_after_the_off_topic_warning_is_no_retry():
    warned = post("a", 302, [[0.0, 0.2, 200], [0.2, 0.3, 302]]) | {"warned": True}
    attempts = [[0.0, 0.2, 200], [0.2, 0.3, 502], [0.5, 0.6, 302]]
    warned_then_failed = post("b", 302, attempts) | {"warned": True}
    failed_once = post("c", 302, [[0.0, 0.1, 502], [0.3, 0.4, 302]])
    client = {"posts": [warned, warned_then_failed, failed_once]}
    assert report.retried_posts(client) == 2
