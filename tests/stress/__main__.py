"""`python -m tests.stress` (`make stress`): kill -9, concurrent writers, hostile strings,
and the property tests with many examples; one summary line; exit 1 on any failure.

    python -m tests.stress [--kills 60] [--seconds 30] [--seed N] [--budget 900]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.stress.hostile import run_hostile
from tests.stress.kills import run_kills
from tests.stress.writers import run_writers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.stress", description=__doc__)
    parser.add_argument("--kills", type=int, default=60, help="kill -9 cycles (at least 50)")
    parser.add_argument("--seconds", type=float, default=30, help="of concurrent writers")
    parser.add_argument("--seed", type=int, default=None, help="the kills' random moments")
    parser.add_argument("--budget", type=float, default=900, help="seconds for the kills")
    parser.add_argument("--no-properties", action="store_true", help="skip hypothesis")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    started = time.monotonic()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="campmeeting-stress-") as folder:
        root = Path(folder)
        for name in ("kills", "writers", "hostile"):
            (root / name).mkdir()
        print(f"stress: kill -9 x{args.kills} (seed {seed}) ...", flush=True)
        kills = run_kills(
            root / "kills",
            args.kills,
            seed,
            args.budget,
            progress=lambda r: print(f"  ... {r.line()}", flush=True),
        )
        print(f"  {kills.line()}", flush=True)
        failures += [f"kills: {f}" for f in kills.failures]
        if kills.kills < 50 and args.kills >= 50:
            failures.append(f"kills: only {kills.kills} kills")
        print(f"stress: writers for {args.seconds:g} s ...", flush=True)
        writers = run_writers(root / "writers", args.seconds)
        print(f"  {writers.line()}", flush=True)
        failures += [f"writers: {f}" for f in writers.errors]
        failures += [f"writers: lost {text!r}" for text in writers.lost[:10]]
        print("stress: hostile strings ...", flush=True)
        hostile = run_hostile(root / "hostile")
        print(f"  {hostile.line()}", flush=True)
        failures += [f"hostile: {f}" for f in hostile.failures + hostile.leaks]
    properties = "skipped"
    if not args.no_properties:
        print("stress: property tests, HYPOTHESIS_PROFILE=stress ...", flush=True)
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2",
             "tests/test_properties.py"],
            env={**os.environ, "HYPOTHESIS_PROFILE": "stress"},
            cwd=Path(__file__).resolve().parents[2],
        )  # fmt: skip
        properties = "passed" if done.returncode == 0 else "FAILED"
        if done.returncode:
            failures.append("property tests failed")
    ok = kills.ok and writers.ok and hostile.ok and not failures
    for failure in failures:
        print(f"FAIL {failure[:2000]}", file=sys.stderr)
    print(
        f"stress {'passed' if ok else 'FAILED'} in {time.monotonic() - started:.0f} s: "
        f"{kills.line()} | writers: {writers.line()} | "
        f"{hostile.line()} | properties {properties}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
