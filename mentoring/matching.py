"""Whole-cohort mentor matching: a score per pair and one optimal assignment for everyone.

Pure functions over plain data so the optimality proof (tests against brute force) and the
benchmark run without a database. The assignment maximises

    sum(pair score) + sum over mentors of the fairness bonus of each place they fill

where a mentor's k-th free place (k = 0, 1, ...) is worth ``FAIRNESS * (1 - k / free)``: a
mentor with room to spare is preferred to one about to be full, so load spreads. Each mentor is
expanded into one column per free place and solved with ``linear_sum_assignment``; every request
also has its own "stay unmatched" column worth 0, and a pair scoring below the threshold is
forbidden, so nobody is matched badly just to be matched.
"""

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

W_TOPIC = 60.0  # share of the requested topics the mentor covers
W_LANGUAGE = 10.0  # preferred language shared (any shared language is a hard rule)
W_SECTOR = 10.0
W_WISH = 15.0
FAIRNESS = 5.0
DEFAULT_THRESHOLD = 30.0
FORBIDDEN = -1e9


@dataclass(frozen=True)
class Req:
    id: int
    topics: frozenset
    language: str
    sector: str = ""
    wishes: frozenset = frozenset()  # mentor ids
    excluded: frozenset = frozenset()  # mentor ids: conflicts of interest, same company


@dataclass(frozen=True)
class Mentor:
    id: int
    topics: frozenset
    languages: frozenset
    sectors: frozenset = frozenset()
    free: int = 1  # places left (max mentees minus held matches); 0 = full
    active: bool = True


@dataclass
class Proposal:
    request_id: int
    mentor_id: int
    score: float
    reasons: dict = field(default_factory=dict)


def pair_reasons(req: Req, mentor: Mentor) -> dict | None:
    """Why a pair fits (shared topics, language, sector, wish), or None when forbidden."""
    if not mentor.active or mentor.free <= 0 or mentor.id in req.excluded:
        return None
    if req.language not in mentor.languages:
        return None
    return {
        "topics": sorted(req.topics & mentor.topics),
        "language": req.language,
        "sector": req.sector if req.sector and req.sector in mentor.sectors else "",
        "wished": mentor.id in req.wishes,
    }


def pair_score(req: Req, mentor: Mentor) -> float:
    """The pair's score (without the fairness bonus); FORBIDDEN for a hard exclusion."""
    reasons = pair_reasons(req, mentor)
    if reasons is None:
        return FORBIDDEN
    topic = W_TOPIC * len(reasons["topics"]) / len(req.topics) if req.topics else 0.0
    return (
        topic
        + W_LANGUAGE
        + (W_SECTOR if reasons["sector"] else 0.0)
        + (W_WISH if reasons["wished"] else 0.0)
    )


def place_bonus(mentor: Mentor, k: int) -> float:
    return FAIRNESS * (1 - k / mentor.free)


def score_matrix(reqs: list[Req], mentors: list[Mentor]) -> np.ndarray:
    """All pair scores at once (vectorised: the cohort is 1,000 × 200 in the benchmark)."""
    topics = sorted({t for r in reqs for t in r.topics} | {t for m in mentors for t in m.topics})
    t_index = {t: i for i, t in enumerate(topics)}
    rt = np.zeros((len(reqs), len(topics)), dtype=np.float64)
    mt = np.zeros((len(mentors), len(topics)), dtype=np.float64)
    for i, r in enumerate(reqs):
        rt[i, [t_index[t] for t in r.topics]] = 1
    for j, m in enumerate(mentors):
        mt[j, [t_index[t] for t in m.topics]] = 1
    n_topics = rt.sum(axis=1)
    overlap = rt @ mt.T
    scores = np.where(
        n_topics[:, None] > 0, W_TOPIC * overlap / np.maximum(n_topics, 1)[:, None], 0.0
    )
    scores += W_LANGUAGE
    m_pos = {m.id: j for j, m in enumerate(mentors)}
    langs = sorted({r.language for r in reqs})
    ok = np.zeros((len(reqs), len(mentors)), dtype=bool)
    for lang in langs:
        rows = np.array([r.language == lang for r in reqs])
        cols = np.array([lang in m.languages for m in mentors])
        ok |= rows[:, None] & cols[None, :]
    sectors = sorted({r.sector for r in reqs if r.sector})
    for sector in sectors:
        rows = np.array([r.sector == sector for r in reqs])
        cols = np.array([sector in m.sectors for m in mentors])
        scores += W_SECTOR * (rows[:, None] & cols[None, :])
    usable = np.array([m.active and m.free > 0 for m in mentors])
    ok &= usable[None, :]
    for i, r in enumerate(reqs):
        for mid in r.wishes:
            if mid in m_pos:
                scores[i, m_pos[mid]] += W_WISH
        for mid in r.excluded:
            if mid in m_pos:
                ok[i, m_pos[mid]] = False
    return np.where(ok, scores, FORBIDDEN)


def assign(
    reqs: list[Req], mentors: list[Mentor], *, threshold: float = DEFAULT_THRESHOLD
) -> list[Proposal]:
    """The optimal capacity-respecting assignment; pairs below ``threshold`` are never made.

    Deterministic: inputs are sorted by id, and the solver is deterministic for equal input.
    """
    reqs = sorted(reqs, key=lambda r: r.id)
    mentors = sorted(mentors, key=lambda m: m.id)
    if not reqs or not mentors:
        return []
    scores = score_matrix(reqs, mentors)
    allowed = scores >= threshold
    # Only mentors somebody may have, and at most as many places as there are requests.
    col_mentor, col_bonus = [], []
    for j, m in enumerate(mentors):
        if not allowed[:, j].any():
            continue
        for k in range(min(m.free, len(reqs))):
            col_mentor.append(j)
            col_bonus.append(place_bonus(m, k))
    n, p = len(reqs), len(col_mentor)
    if p == 0:
        return []
    col_mentor_arr = np.array(col_mentor)
    gain = scores[:, col_mentor_arr] + np.array(col_bonus)[None, :]
    gain = np.where(allowed[:, col_mentor_arr], gain, FORBIDDEN)
    # Own "unmatched" column per request (gain 0); others' unmatched columns are forbidden.
    unmatched = np.full((n, n), FORBIDDEN)
    np.fill_diagonal(unmatched, 0.0)
    cost = -np.hstack([gain, unmatched])
    rows, cols = linear_sum_assignment(cost)
    proposals = []
    for i, c in zip(rows, cols, strict=True):
        if c >= p:
            continue
        req, mentor = reqs[i], mentors[col_mentor[c]]
        proposals.append(
            Proposal(req.id, mentor.id, float(scores[i, col_mentor[c]]), pair_reasons(req, mentor))
        )
    return proposals


def objective(proposals: list[Proposal], mentors: list[Mentor]) -> float:
    """The value ``assign`` maximises: pair scores plus the fairness bonus of places filled."""
    by_id = {m.id: m for m in mentors}
    counts: dict[int, int] = {}
    total = 0.0
    for prop in proposals:
        total += prop.score
        counts[prop.mentor_id] = counts.get(prop.mentor_id, 0) + 1
    for mid, n in counts.items():
        total += sum(place_bonus(by_id[mid], k) for k in range(n))
    return total
