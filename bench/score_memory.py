"""Peak memory of `manage.py score_comments` on a large input file.

    python bench/score_memory.py [--lines 100000] [--data ../shared/data] [--model DIR]

Builds an input of `--lines` comments by cycling through the car-forum threads and the drift-train
rows of the shared data (new ids; the text is read from the data folder at run time, never stored),
runs the command in a child process and prints its peak resident memory (the child's ru_maxrss) and
its time. Without --model the bootstrap model is trained into a temporary directory first.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("article_title", "article_body", "body")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--model", type=Path, help="model directory (default: train the bootstrap model)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        model = args.model or bootstrap(work / "model")
        source = write_input(work / "in.jsonl", args.data, args.lines)
        started = time.time()
        command = [
            sys.executable, "manage.py", "score_comments",
            "--input", str(source), "--output", str(work / "out.jsonl"), "--model", str(model),
        ]
        child = subprocess.Popen(command, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the bootstrap run's
        seconds = time.time() - started
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"score_comments failed with exit code {os.waitstatus_to_exitcode(status)}")
        written = sum(1 for _ in (work / "out.jsonl").open(encoding="utf-8"))
    peak_mb = usage.ru_maxrss / 1024
    print(
        f"score_comments: {args.lines:,} lines in, {written:,} lines out, {seconds:.0f} s "
        f"({args.lines / seconds:,.0f} comments/s), peak RSS {peak_mb:,.0f} MB (bound: 1,024 MB)"
    )


def bootstrap(directory: Path) -> Path:
    subprocess.run([sys.executable, "-m", "ml", "bootstrap", "--out", str(directory)], cwd=ROOT, check=True)
    return directory


def write_input(path: Path, data: Path, lines: int) -> Path:
    rows = [json.loads(line) for line in (data / "car-forum" / "threads.jsonl").open(encoding="utf-8")]
    rows += [json.loads(line) for line in (data / "drift-train.jsonl").open(encoding="utf-8")]
    with path.open("w", encoding="utf-8") as out:
        for number, row in zip(range(lines), itertools.cycle(rows), strict=False):
            out.write(json.dumps({"id": f"b{number}", **{f: row.get(f, "") for f in FIELDS}}) + "\n")
    return path


if __name__ == "__main__":
    main()
