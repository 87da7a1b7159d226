"""What a stolen PIN hash costs an attacker, and what a sign-in costs the kiosk (issue 9).

    python benchmarks/pin_hash.py --json

Every station may read the users' PIN hashes (offline sign-in needs them), so a stolen
kiosk login exposes them. A PIN is short: the hash's cost is what stands between a hash and
the PIN. For scrypt at several costs (n; r=8, p=1) it prints the time of one check on one
core, and the time to try every 4- and 6-digit PIN on one core at that rate.

verify_ms_n<N>        one PIN check (a sign-in's own cost)
all_4_digits_min_n<N> minutes to try all 10⁴ PINs on one core
all_6_digits_h_n<N>   hours to try all 10⁶ PINs on one core
chosen_n              the kiosk's cost (core/accounts.py)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import time

from andon_kiosk.core import accounts


def check_ms(n: int, runs: int) -> float:
    """One scrypt check as `verify_pin` does it (r=8, p=1), at cost `n`."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        hashlib.scrypt(b"000000", salt=b"0" * 16, n=n, r=8, p=1, dklen=32, maxmem=2**28)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    figures: dict[str, object] = {"chosen_n": accounts._N}
    for exponent in (13, 14, 15):
        n = 2**exponent
        ms = check_ms(n, args.runs)
        figures[f"verify_ms_n{n}"] = round(ms, 1)
        figures[f"all_4_digits_min_n{n}"] = round(ms * 1e4 / 60_000, 1)
        figures[f"all_6_digits_h_n{n}"] = round(ms * 1e6 / 3_600_000, 1)
    print(json.dumps(figures) if args.json else figures)


if __name__ == "__main__":
    main()
