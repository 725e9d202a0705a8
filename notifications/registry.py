"""The notification kinds other apps register in their AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Notification


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: str
    # True: always sent (confirmations, cancellations); False: a reminder one may switch off.
    transactional: bool = False
    # Default f"notifications/email/{key}": <prefix>/subject.txt, body.txt, body.html.
    template_prefix: str = ""
    # Re-checked at send time; False cancels the row instead of sending it.
    is_still_due: Callable[[Notification], bool] | None = None
    # The moment the mail is about (a session's start), or None: a row still unsent when that
    # moment has come, because beat or the mail server was down, is cancelled as "too late".
    expires_at: Callable[[Notification], datetime | None] | None = None
    # Extra template context, computed at send time.
    get_context: Callable[[Notification], dict] | None = None
    # (filename, content, mimetype) tuples, e.g. an .ics.
    get_attachments: Callable[[Notification], list[tuple[str, bytes, str]]] | None = None
    # Who is offered this reminder on the preferences page (everyone when None), e.g. staff.
    offered_to: Callable[[object], bool] | None = None

    @property
    def templates(self) -> str:
        return self.template_prefix or f"notifications/email/{self.key}"


_kinds: dict[str, NotificationKind] = {}


def register_kind(kind: NotificationKind) -> None:
    _kinds[kind.key] = kind


def unregister_kind(key: str) -> None:
    """Forget a kind (tests register throwaway kinds)."""
    _kinds.pop(key, None)


def get_kind(key: str) -> NotificationKind:
    try:
        return _kinds[key]
    except KeyError:
        raise LookupError(f"Unknown notification kind {key!r}") from None


def all_kinds() -> list[NotificationKind]:
    return sorted(_kinds.values(), key=lambda k: k.key)


def optional_kinds(user=None) -> list[NotificationKind]:
    """The kinds a user may switch off: reminders, not transactional mails; with ``user``, only
    the ones offered to that person."""
    return [
        k
        for k in all_kinds()
        if not k.transactional and (user is None or k.offered_to is None or k.offered_to(user))
    ]
