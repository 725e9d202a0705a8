"""Benchmark: whole-cohort matching for 1,000 requests × 200 mentors (capacity 1–5).

Run: .venv/bin/python bench/mentoring_matching.py
Pure computation (no database): the scoring matrix plus the assignment.
"""

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mentoring.matching import Mentor, Req, assign  # noqa: E402

TOPICS = [
    "circular_economy",
    "tourism",
    "social_entrepreneurship",
    "finance",
    "public_procurement",
    "marketing",
    "sales",
    "law",
    "technology",
    "strategy",
    "leadership",
    "export",
]
SECTORS = ["circular", "tourism", "social", "tech", "food", "creative", "retail", "other"]


def cohort(seed=6):
    rng = random.Random(seed)
    mentors = [
        Mentor(
            id=j,
            topics=frozenset(rng.sample(TOPICS, rng.randint(2, 5))),
            languages=frozenset(["nb"] + (["en"] if rng.random() < 0.7 else [])),
            sectors=frozenset(rng.sample(SECTORS, rng.randint(0, 2))),
            free=rng.randint(1, 5),
            active=rng.random() > 0.05,
        )
        for j in range(200)
    ]
    reqs = [
        Req(
            id=10_000 + i,
            topics=frozenset(rng.sample(TOPICS, rng.randint(1, 3))),
            language="nb" if rng.random() < 0.8 else "en",
            sector=rng.choice(SECTORS),
            wishes=frozenset(rng.sample(range(200), 1)) if rng.random() < 0.2 else frozenset(),
            excluded=frozenset(rng.sample(range(200), 2)) if rng.random() < 0.1 else frozenset(),
        )
        for i in range(1000)
    ]
    return reqs, mentors


def main(runs=5):
    reqs, mentors = cohort()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proposals = assign(reqs, mentors)
        times.append(time.perf_counter() - t0)
    places = sum(m.free for m in mentors if m.active)
    print(
        f"matching 1000 requests x 200 mentors ({places} free places): "
        f"{len(proposals)} matched, median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms over {runs} runs (target < 2000 ms)"
    )
    return statistics.median(times)


if __name__ == "__main__":
    main()
