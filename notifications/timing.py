"""When reminders are due. The house's rule: "24 h before" means 24 real hours before.

Across a DST change the two possible readings differ by an hour:

- ``hours_before(start, 24)`` subtracts 24 elapsed hours (UTC arithmetic). A session at
  10:00 CEST on Sunday 28 March 2027 is reminded at 09:00 CET on Saturday 27 March.
  Reminders use this rule, as the issue states it.
- ``same_local_time_day_before(start)`` keeps the wall-clock time: 10:00 on the Saturday.
  Offered for kinds that prefer "the day before at the same time"; none does today.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return value


def hours_before(start: datetime, hours: int) -> datetime:
    """``hours`` elapsed hours before ``start`` (the reminder rule), in UTC."""
    return _aware(start).astimezone(UTC) - timedelta(hours=hours)


def same_local_time_day_before(start: datetime) -> datetime:
    """The day before ``start`` at the same Oslo wall-clock time, in UTC."""
    local = _aware(start).astimezone(OSLO)
    day_before = datetime.combine(local.date() - timedelta(days=1), local.time(), tzinfo=OSLO)
    return day_before.astimezone(UTC)
