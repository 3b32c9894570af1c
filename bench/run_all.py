"""``make bench``: run every benchmark and write its section of docs/benchmarks.md.

Each script prints its own table and replaces only its own marked section, so they can also
be run one at a time. Timings are comparisons within one run on this machine (2 cores), never
pass/fail conditions.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"

RUNS: list[list[str]] = [
    ["bench/bench_specgen.py", "--typespec", "--markdown", str(DOCS)],
    ["bench/bench_diff.py"],
    ["bench/bench_build.py"],
    ["bench/bench_watch.py", "--markdown", str(DOCS)],
    ["bench/fidelity.py"],
]


def main() -> int:
    failed = []
    for args in RUNS:
        print(f"\n=== {' '.join(args)}", flush=True)
        result = subprocess.run([sys.executable, *args], cwd=ROOT, check=False)
        if result.returncode != 0:
            failed.append(args[0])
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"\nwrote {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
