"""``python -m bench [--quick] [--scale N] [--json]``: the speed figures of issue 13.

Each figure: the real command's wall clock (p50, p95) against a baseline measured in the
same run, the ratio, the target and whether it is met. ``--scale N`` repeats them at N
times the data and prints each figure's growth. ``--quick`` (the test suite runs it) uses
small data and few samples, and only warns about missed targets: machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from bench import suite


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small data, 5 samples, never fails")
    parser.add_argument("--scale", type=int, default=1, metavar="N",
                        help="also measure at N times the data and print the growth")
    parser.add_argument("--samples", type=int, default=None, help="samples per figure")
    parser.add_argument("--json", action="store_true", help="one JSON object per figure")
    args = parser.parse_args(argv)
    figures = suite.run(quick=args.quick, samples=args.samples)
    scaled = suite.run(quick=args.quick, scale=args.scale, samples=args.samples) \
        if args.scale > 1 else []
    for small, big in zip(figures, scaled, strict=False):
        big.notes["growth"] = big.value / small.value if small.value else None
    everything = figures + scaled
    if args.json:
        print(json.dumps(suite.as_json(everything), indent=2, ensure_ascii=False))
    else:
        print(f"stc-bench speed figures ({os.cpu_count()} cores)" + (" --quick" if args.quick else ""))
        print(suite.table(figures))
        if scaled:
            print(f"\nat {args.scale}x the data:")
            print(suite.table(scaled))
            for big in scaled:
                print(f"  growth {big.name}: {big.notes['growth']:.2f}x for {args.scale}x data")
    missed = [f.name for f in everything if not f.passed]
    if missed:
        print(f"{'warning' if args.quick else 'missed'}: {', '.join(missed)}", file=sys.stderr)
    return 0 if args.quick or not missed else 1


if __name__ == "__main__":
    sys.exit(main())
