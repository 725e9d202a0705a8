from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification
from tests.factories.community import EditorFactory, EntrepreneurFactory
from tests.factories.notifications import NotificationFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/varsler/"


def test_staff_see_the_outbox_with_failed_rows_and_their_error(client, staff_user):
    NotificationFactory(state="failed", attempts=5, last_error="SMTPServerDisconnected: gone")
    NotificationFactory(kind="tests.confirmation")
    client.force_login(staff_user)
    response = client.get(INDEX, {"state": "failed"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "SMTPServerDisconnected: gone" in content
    assert content.count("tests.confirmation") == 0 or "tests.reminder" in content
    filtered = client.get(INDEX, {"kind": "tests.confirmation"}).content.decode()
    assert "SMTPServerDisconnected" not in filtered


@pytest.mark.parametrize("factory", [EntrepreneurFactory, EditorFactory])
def test_others_may_not_see_the_outbox_or_retry(client, factory):
    row = NotificationFactory(state="failed")
    client.force_login(factory())
    assert client.get(INDEX).status_code in (302, 403)
    assert client.get(f"{INDEX}inspect/{row.pk}/").status_code in (302, 403)
    assert client.post(f"{INDEX}{row.pk}/prov-igjen/").status_code in (302, 403)
    row.refresh_from_db()
    assert row.state == "failed"


def test_nobody_edits_or_adds_rows_by_hand(client, staff_user):
    row = NotificationFactory()
    client.force_login(staff_user)
    assert client.get(f"{INDEX}edit/{row.pk}/").status_code in (302, 403)
    assert client.get(f"{INDEX}new/").status_code in (302, 403)
    assert client.post(f"{INDEX}delete/{row.pk}/").status_code in (302, 403)
    assert Notification.objects.filter(pk=row.pk).exists()


def test_staff_inspect_and_retry_a_failed_row(client, staff_user):
    row = NotificationFactory(state="failed", attempts=5, last_error="boom")
    client.force_login(staff_user)
    page = client.get(f"{INDEX}inspect/{row.pk}/").content.decode()
    assert "boom" in page and "prov-igjen" in page
    assert client.get(f"{INDEX}{row.pk}/prov-igjen/").status_code == 405
    response = client.post(f"{INDEX}{row.pk}/prov-igjen/")
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.state == "pending" and row.attempts == 0
    assert row.next_attempt_at <= timezone.now()
    # Not failed any more: a second retry is refused with a message, not a crash.
    response = client.post(f"{INDEX}{row.pk}/prov-igjen/", follow=True)
    assert response.status_code == 200
    # An unknown id is a 404 (which the project's locale middleware turns into a redirect).
    assert client.post(f"{INDEX}999999/prov-igjen/").status_code in (302, 404)


def test_superuser_sees_the_outbox(client, django_user_model):
    admin = django_user_model.objects.create_superuser(email="root@example.no", password="x" * 12)
    client.force_login(admin)
    assert client.get(INDEX).status_code == 200


def test_outbox_query_count_does_not_grow_with_rows(
    client, staff_user, django_assert_max_num_queries
):
    client.force_login(staff_user)
    NotificationFactory.create_batch(3, due_at=timezone.now() - timedelta(hours=1))
    client.get(INDEX)  # warm caches (content types, permissions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as three:
        assert client.get(INDEX).status_code == 200
    NotificationFactory.create_batch(27)
    with CaptureQueriesContext(connection) as thirty:
        assert client.get(INDEX).status_code == 200
    assert len(thirty) == len(three)


def test_staff_see_a_guests_row_by_address(client, staff_user):
    subject = EntrepreneurFactory()
    row = NotificationFactory(
        recipient=None,
        object_id=str(subject.pk),
        guest_email="gjest@example.no",
        guest_name="Ola Gjest",
    )
    client.force_login(staff_user)
    assert "gjest@example.no" in client.get(INDEX).content.decode()
    inspect = client.get(f"{INDEX}inspect/{row.pk}/").content.decode()
    assert "gjest@example.no" in inspect and "Ola Gjest" in inspect
