"""The matcher is optimal (equals brute force), respects every hard rule and is deterministic."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoring import matching
from mentoring.matching import Mentor, Req, assign, objective, pair_score, place_bonus

TOPICS = ["a", "b", "c", "d"]
LANGS = ["nb", "en"]


@st.composite
def instances(draw):
    n_m = draw(st.integers(1, 3))
    mentors = [
        Mentor(
            id=j + 1,
            topics=frozenset(draw(st.sets(st.sampled_from(TOPICS), max_size=3))),
            languages=frozenset(draw(st.sets(st.sampled_from(LANGS), min_size=1))),
            sectors=frozenset(draw(st.sets(st.sampled_from(["x", "y"]), max_size=1))),
            free=draw(st.integers(0, 2)),
            active=draw(st.booleans()) or draw(st.booleans()),
        )
        for j in range(n_m)
    ]
    ids = [m.id for m in mentors]
    n_r = draw(st.integers(1, 4))
    reqs = [
        Req(
            id=100 + i,
            topics=frozenset(draw(st.sets(st.sampled_from(TOPICS), min_size=1, max_size=3))),
            language=draw(st.sampled_from(LANGS)),
            sector=draw(st.sampled_from(["", "x", "y"])),
            wishes=frozenset(draw(st.sets(st.sampled_from(ids), max_size=1))),
            excluded=frozenset(draw(st.sets(st.sampled_from(ids), max_size=1))),
        )
        for i in range(n_r)
    ]
    threshold = draw(st.sampled_from([0.0, 20.0, 30.0, 50.0]))
    return reqs, mentors, threshold


def brute_force(reqs, mentors, threshold):
    """Best objective over every assignment of each request to a mentor or to nobody."""
    options = [None] + list(mentors)
    best = 0.0
    for choice in itertools.product(options, repeat=len(reqs)):
        counts, total, ok = {}, 0.0, True
        for req, m in zip(reqs, choice, strict=True):
            if m is None:
                continue
            s = pair_score(req, m)
            if s < threshold:
                ok = False
                break
            counts[m.id] = counts.get(m.id, 0) + 1
            total += s
        if not ok:
            continue
        by_id = {m.id: m for m in mentors}
        if any(n > by_id[mid].free for mid, n in counts.items()):
            continue
        total += sum(place_bonus(by_id[mid], k) for mid, n in counts.items() for k in range(n))
        best = max(best, total)
    return best


@settings(max_examples=300, deadline=None)
@given(instances())
def test_assignment_equals_brute_force(instance):
    reqs, mentors, threshold = instance
    proposals = assign(reqs, mentors, threshold=threshold)
    assert objective(proposals, mentors) == pytest.approx(brute_force(reqs, mentors, threshold))


@settings(max_examples=300, deadline=None)
@given(instances())
def test_assignment_respects_capacity_and_hard_rules(instance):
    reqs, mentors, threshold = instance
    proposals = assign(reqs, mentors, threshold=threshold)
    by_m = {m.id: m for m in mentors}
    by_r = {r.id: r for r in reqs}
    assert len({p.request_id for p in proposals}) == len(proposals)  # one mentor per request
    for m in mentors:
        assert sum(p.mentor_id == m.id for p in proposals) <= max(m.free, 0)
    for p in proposals:
        req, mentor = by_r[p.request_id], by_m[p.mentor_id]
        assert mentor.active
        assert req.language in mentor.languages
        assert mentor.id not in req.excluded
        assert p.score >= threshold
        assert p.score == pytest.approx(pair_score(req, mentor))


@settings(max_examples=100, deadline=None)
@given(instances())
def test_assignment_is_deterministic(instance):
    reqs, mentors, threshold = instance
    first = assign(reqs, mentors, threshold=threshold)
    again = assign(list(reversed(reqs)), list(reversed(mentors)), threshold=threshold)
    assert [(p.request_id, p.mentor_id) for p in first] == [
        (p.request_id, p.mentor_id) for p in again
    ]


def test_vectorised_scores_equal_the_pair_function():
    reqs = [
        Req(1, frozenset({"a", "b"}), "nb", "x", frozenset({2}), frozenset({3})),
        Req(2, frozenset({"c"}), "en"),
    ]
    mentors = [
        Mentor(2, frozenset({"a"}), frozenset({"nb"}), frozenset({"x"}), 2),
        Mentor(3, frozenset({"a", "b"}), frozenset({"nb", "en"}), frozenset(), 1),
        Mentor(4, frozenset({"c"}), frozenset({"en"}), frozenset(), 0),
    ]
    matrix = matching.score_matrix(reqs, mentors)
    for i, r in enumerate(reqs):
        for j, m in enumerate(mentors):
            assert matrix[i, j] == pytest.approx(pair_score(r, m))


def test_below_threshold_stays_unmatched_rather_than_badly_matched():
    reqs = [Req(1, frozenset({"law"}), "nb")]
    mentors = [Mentor(1, frozenset({"tourism"}), frozenset({"nb"}), free=5)]
    assert assign(reqs, mentors, threshold=30) == []
    assert len(assign(reqs, mentors, threshold=5)) == 1


def test_fairness_spreads_load_between_equal_mentors():
    reqs = [Req(i, frozenset({"a"}), "nb") for i in range(4)]
    mentors = [
        Mentor(1, frozenset({"a"}), frozenset({"nb"}), free=4),
        Mentor(2, frozenset({"a"}), frozenset({"nb"}), free=4),
    ]
    counts = [p.mentor_id for p in assign(reqs, mentors)]
    assert counts.count(1) == counts.count(2) == 2


def test_explanation_reads_in_both_languages():
    from django.utils import translation

    from mentoring.explain import explanation

    reasons = {
        "topics": ["circular_economy", "finance"],
        "language": "nb",
        "sector": "",
        "wished": False,
    }
    with translation.override("en"):
        assert explanation(reasons) == (
            "shares: circular economy, financing and grants; both speak Norwegian"
        )
