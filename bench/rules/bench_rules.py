"""Rules benchmark: decision evaluations/s and deadline computations/s on one core.

Bounded: each measurement runs a fixed number of calls over varied inputs (a few seconds at most).
    .venv/bin/python bench/rules/bench_rules.py            # default sizes
    .venv/bin/python bench/rules/bench_rules.py --calls 100000
No database is needed: both functions are pure.
"""

import argparse
import datetime as dt
import random
import time

from netral.rules import deadlines, decision


def _facts(rng: random.Random, count: int) -> list[decision.Facts]:
    acts = list(decision.acts())
    interactions = [None, "post", "share", "comment", "like", "follow", "join_group"]
    start = dt.date(2019, 1, 1)
    designation = dt.date(2024, 9, 22)
    return [
        decision.Facts(
            act=rng.choice(acts),
            incident_date=start + dt.timedelta(days=rng.randrange(2600)),
            family=rng.choice(["pilkada", "pemilu", None]),
            asn_kind=rng.choice(["pns", "pppk", None]),
            designation_date=rng.choice([designation, None]),
            interaction=rng.choice(interactions),
            campaign_period=rng.choice([None, (dt.date(2024, 9, 25), dt.date(2024, 11, 23))]),
        )
        for _ in range(count)
    ]


def _rate(function, inputs, calls: int) -> float:
    count = len(inputs)
    began = time.perf_counter()
    for index in range(calls):
        function(inputs[index % count])
    return calls / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    facts = _facts(rng, 20_000)
    for item in facts[:2000]:
        decision.decide(item)  # warm the memo the way a running server does
    decide_rate = _rate(decision.decide, facts, args.calls)

    keys = list(deadlines.rules())
    holidays = deadlines.shipped_holidays()
    pairs = [
        (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(1000)), rng.choice(keys))
        for _ in range(20_000)
    ]
    deadlines.due(pairs[0][0], pairs[0][1], holidays=holidays)
    due_rate = _rate(lambda p: deadlines.due(p[0], p[1], holidays=holidays), pairs, args.calls)

    print(f"decide():  {decide_rate:>10,.0f} evaluations/s  (target ≥ 50,000)")
    print(f"due():     {due_rate:>10,.0f} computations/s (target ≥ 100,000)")
    print(f"calls each: {args.calls:,}; decision memo size: {len(decision._engine().memo):,}")


if __name__ == "__main__":
    main()
