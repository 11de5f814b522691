"""Scoring cost in CPU instructions, ours against the issue's yardstick: a figure no machine load moves.

    python bench/instructions.py --model DIR [--data ../shared/data]

Wall-clock rates on the shared 2-core machine swing by half between runs and between sessions
(bench/scoring.py times the yardstick in the same run for that reason). valgrind's callgrind counts
instructions instead: the same code, inputs and libraries give the same count. Each scorer runs in a
child process under callgrind twice, scoring the mixed batch once and three times after a warm-up;
the difference, halved, is the instructions of one batch, with imports, loading and fitting cancelled
out. The yardstick is bench/scoring.py's bare character-n-gram logistic regression. Needs valgrind
(Debian: `apt-get install valgrind`); about twenty minutes on the 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

YARDSTICK_RATE = 6000  # comments/s the issue quotes for the bare character-n-gram LR "here"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--child", choices=("ours", "bare"))
    parser.add_argument("--batches", type=int, default=1)
    args = parser.parse_args()
    if args.child:
        run_child(args)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind); nothing measured")
    per_batch = {kind: batch_instructions(kind, args) for kind in ("ours", "bare")}
    comments = batch_size(args.data)
    for kind, label in (("ours", "ours"), ("bare", "bare character-n-gram LR")):
        print(f"{label}: {per_batch[kind] / comments:,.0f} instructions per comment of {comments} mixed")
    ratio = per_batch["bare"] / per_batch["ours"]
    print(
        f"ours costs {1 / ratio:.2f}x the yardstick's instructions; at the issue's {YARDSTICK_RATE:,}/s for "
        f"the yardstick that is {YARDSTICK_RATE * ratio:,.0f} comments/s"
    )


def batch_instructions(kind: str, args) -> float:
    counts = [callgrind_total(kind, batches, args) for batches in (1, 3)]
    return (counts[1] - counts[0]) / 2


def callgrind_total(kind: str, batches: int, args) -> int:
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--child",
        kind,
        "--batches",
        str(batches),
        "--model",
        str(args.model),
        "--data",
        str(args.data),
    ]
    env = os.environ | {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    match = re.search(r"Collected : (\d+)", result.stderr)
    if not match:
        raise SystemExit(f"no instruction count in valgrind's output:\n{result.stderr[-2000:]}")
    return int(match.group(1))


def batch_size(data: Path) -> int:
    from ml.loaders import load_jsonl, load_youtube

    return len(load_jsonl(data / "drift-train.jsonl")) + len(load_youtube(data / "youtube-spam"))


def run_child(args) -> None:
    from ml.loaders import load_jsonl, load_youtube

    examples = load_jsonl(args.data / "drift-train.jsonl") + load_youtube(args.data / "youtube-spam")
    if args.child == "ours":
        import ml

        model = ml.load_model(args.model)
        comments = [e.comment for e in examples]
        run = lambda: model.score(comments)  # noqa: E731
    else:
        from scoring import bare_char_ngram_model

        run = bare_char_ngram_model(examples)
    run()  # warm: lazy imports and caches are paid once, outside the difference
    for _ in range(args.batches):
        run()


if __name__ == "__main__":
    main()
