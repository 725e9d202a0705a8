"""PostgreSQL restarted under a stream of requests (gunicorn with the production settings on a
private cluster): the requests in flight get the 503 page with Retry-After, in their language;
the next ones succeed, because the connection's health check (CONN_HEALTH_CHECKS) replaces the
connection that the restart broke before a request uses it."""

import threading
import time

from .servers import Http, free_port, stop_process

MEMBER_PAGE = "/nb/min-side/"  # the session and the page both read the database


def request_loop(http, session, stop, answers):
    while not stop.is_set():
        started = time.monotonic()
        try:
            answer = http.get(MEMBER_PAGE, session=session)
        except OSError as exc:  # gunicorn itself never goes away here
            answers.append((started, time.monotonic(), None, repr(exc)))
            continue
        answers.append((started, time.monotonic(), answer.status, answer))


def test_a_restart_costs_only_the_requests_in_flight_and_they_get_a_503(stack, postgres_restored):
    session = stack.world["members"][0]["session"]
    port = free_port()
    web = stack.gunicorn(port, workers=2, name="gunicorn-restart")
    http = Http(port)
    try:
        for _ in range(6):  # every worker holds a connection (CONN_MAX_AGE) before the restart
            assert http.get(MEMBER_PAGE, session=session).status == 200
        answers, stop = [], threading.Event()
        clients = [
            threading.Thread(target=request_loop, args=(http, session, stop, answers))
            for _ in range(3)
        ]
        for client in clients:
            client.start()
        time.sleep(1.0)
        down_at = time.monotonic()
        postgres_restored.restart("fast")  # ends every session, as a crash or failover would
        up_at = time.monotonic()
        time.sleep(2.0)
        stop.set()
        for client in clients:
            client.join(timeout=30)

        statuses = [status for _s, _e, status, _a in answers]
        assert set(statuses) <= {200, 503}, [a for *_x, a in answers if a and a.status >= 500]
        failed = [a for started, _e, status, a in answers if status == 503]
        for answer in failed:
            assert answer.headers["Retry-After"] == "30"
            assert "Vi er straks tilbake" in answer.text  # the page speaks nb here
        # Only what overlapped the restart failed; everything asked after it succeeded.
        assert all(
            status == 200 for started, _e, status, _a in answers if started > up_at + 0.05
        ), [(round(s - up_at, 2), st) for s, _e, st, _a in answers if s > up_at]
        assert all(status == 200 for _s, ended, status, _a in answers if ended < down_at)
        assert sum(1 for s, *_ in answers if s > up_at + 0.05) > 10
        print(
            f"{len(answers)} requests, {len(failed)} answered 503 during a restart of "
            f"{up_at - down_at:.1f} s"
        )
    finally:
        stop_process(web)


def _first_after_idle_restart(stack, cluster, *, health_checks):
    session = stack.world["members"][0]["session"]
    port = free_port()
    web = stack.gunicorn(
        port,
        workers=1,
        name=f"gunicorn-idle-{health_checks}",
        FAULTS_CONN_HEALTH_CHECKS=str(health_checks).lower(),
    )
    http = Http(port)
    try:
        assert http.get(MEMBER_PAGE, session=session).status == 200  # a connection is kept
        cluster.restart("fast")
        return [http.get(path, session=session) for path in (MEMBER_PAGE, MEMBER_PAGE)]
    finally:
        stop_process(web)


def test_the_first_request_after_a_restart_works_because_of_the_health_check(
    stack, postgres_restored
):
    first, second = _first_after_idle_restart(stack, postgres_restored, health_checks=True)
    assert (first.status, second.status) == (200, 200)


def test_without_the_health_check_the_first_request_after_a_restart_fails(stack, postgres_restored):
    """The control: the same restart with CONN_HEALTH_CHECKS off reuses the broken connection
    once; the 503 page and the next request's fresh connection keep it to that one request."""
    first, second = _first_after_idle_restart(stack, postgres_restored, health_checks=False)
    assert (first.status, second.status) == (503, 200)
    assert first.headers["Retry-After"] == "30"
