"""Redis stopped under a running site (gunicorn and a Celery worker with the production
settings, on a private PostgreSQL and a private Redis): pages, registrations and bookings go on
and are saved at once; the mail they queue waits in the outbox and goes out exactly once when
Redis is back and the dispatcher runs, with no hand on the worker."""

import time

from celery import Celery

from .servers import Http, free_port, slot_values, stop_process, wait_until

PENDING_DUE = (
    "SELECT count(*) FROM notifications_notification "
    "WHERE state = 'pending' AND next_attempt_at <= now()"
)


def nothing_due(stack):
    return stack.query(PENDING_DUE)[0][0] == 0


def dispatch(redis_url):
    """What beat sends every minute; True once the broker took it."""
    app = Celery("faults-probe", broker=redis_url)
    app.conf.broker_connection_timeout = 1
    try:
        app.send_task("notifications.dispatch_due", retry=False)
        return True
    except Exception:
        return False
    finally:
        app.close()


def pages(world):
    member, staff = world["members"][0]["session"], world["staff"]["session"]
    event = world["events"][0]["path"]
    return [
        # Public (the front page and the lists use the page cache; Wagtail finds the site
        # through the cache too).
        ("/nb/", None),
        ("/en/", None),
        (world["news"], None),
        ("/nb/arrangementer/", None),
        (event, None),
        ("/nb/accounts/login/", None),
        # A member's.
        ("/nb/min-side/", member),
        ("/nb/mentor/", member),
        ("/nb/mentor/okter/", member),
        (f"/nb/mentor/match/{world['members'][0]['match']}/bestill/", member),
        (event, member),
        # Staff's.
        ("/admin/", staff),
        ("/admin/varsler/", staff),
        ("/nb/min-side/", staff),
    ]


def test_without_redis_the_site_serves_and_saves_and_the_mail_follows_once(stack, redis_restored):
    world = stack.world
    port = free_port()
    web = stack.gunicorn(port, workers=2)
    worker = stack.worker()
    http = Http(port)
    try:
        # Steady state first: the worker has sent what setting up the house queued.
        assert wait_until(lambda: nothing_due(stack), timeout=60), stack.log("worker")
        for path, session in pages(world):
            assert http.get(path, session=session).status == 200, path
        before = stack.query("SELECT coalesce(max(id), 0) FROM notifications_notification")[0][0]

        redis_restored.stop()

        slow_pages = []
        for path, session in pages(world):
            answer = http.get(path, session=session)
            assert answer.status == 200, (path, answer.status, answer.text[:2000])
            slow_pages.append((answer.seconds, path))
        # A login with a wrong password: allauth's rate limit counts in the cache, and lets
        # the attempt through (fail open) instead of answering 500 or 429.
        login = http.post(
            "/nb/accounts/login/",
            {"login": world["members"][0]["email"], "password": "not the password"},
        )
        assert login.status == 200, login.text[:2000]

        answers = []
        for member in world["members"]:
            for event in world["events"]:
                answers.append(http.post(event["path"] + "pamelding/", session=member["session"]))
            booking_page = http.get(
                f"/nb/mentor/match/{member['match']}/bestill/", session=member["session"]
            )
            slots = slot_values(booking_page.text)
            assert slots, booking_page.text[:2000]
            answers.append(
                http.post(
                    f"/nb/mentor/match/{member['match']}/bestill/",
                    {"start": slots[0], "place": world["place"], "agenda": "Budsjettet"},
                    session=member["session"],
                )
            )
        assert [a.status for a in answers] == [302] * len(answers), [
            (a.status, a.text[:500]) for a in answers if a.status != 302
        ]
        slowest = max(a.seconds for a in answers)
        assert slowest < 1.0, f"a registration or booking took {slowest:.2f} s without Redis"

        # Saved at once, with their mail in the outbox, handed back to the dispatcher.
        n_members, n_events = len(world["members"]), len(world["events"])
        assert (
            stack.query("SELECT count(*) FROM events_registration WHERE user_id IS NOT NULL")[0][0]
            == n_members * n_events
        )
        assert stack.query("SELECT count(*) FROM mentoring_session")[0][0] == n_members
        waiting = stack.query(
            "SELECT count(*), count(*) FILTER (WHERE claimed_at IS NULL) "
            "FROM notifications_notification WHERE id > %s AND state = 'pending' "
            "AND next_attempt_at <= now()",
            [before],
        )[0]
        # A confirmation per registration, a booking mail to mentee and mentor per booking.
        assert waiting == (n_members * n_events + 2 * n_members,) * 2

        ready = http.get("/readyz")
        assert ready.status == 503
        assert ready.text == "database: ok\nredis: unavailable\n"
        assert http.get("/healthz").status == 200

        redis_restored.start()
        # The worker reconnects by itself; beat's next tick (sent here, not waited for) runs
        # the dispatcher, which claims the rows and queues them to the worker.
        assert wait_until(lambda: dispatch(redis_restored.url(0)), timeout=30)
        assert wait_until(lambda: nothing_due(stack), timeout=90, interval=0.5), stack.log("worker")
        time.sleep(2)  # a duplicate, if there were one, would land now

        sent = stack.sent_notification_ids()
        assert len(sent) == len(set(sent)), "a notification was sent twice"
        assert set(sent) == {
            row[0]
            for row in stack.query("SELECT id FROM notifications_notification WHERE state='sent'")
        }
        assert len([i for i in sent if i > before]) == n_members * n_events + 2 * n_members
        assert http.get("/readyz").text == "ok"
        print(
            "slowest pages without Redis:",
            ", ".join(f"{p} {s * 1000:.0f} ms" for s, p in sorted(slow_pages)[-3:]),
            f"; slowest registration or booking {slowest * 1000:.0f} ms",
        )
    finally:
        stop_process(worker)
        stop_process(web)
