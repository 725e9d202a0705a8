"""Living without Redis for a while: log an outage once, and stop knocking on a closed door.

``report_outage`` logs the first failure of a service as a warning, then at most one line every
``EVERY_SECONDS`` that counts what was swallowed meanwhile; ``report_recovery`` says once that
the service answers again. ``Breaker`` lets a caller skip a service for a few seconds after it
failed, so a host that has vanished without closing its connections costs one timeout per
process, not one per call. All of it is per process.
"""

from __future__ import annotations

import logging
import threading
import time

EVERY_SECONDS = 60.0

_lock = threading.Lock()
# service -> [monotonic time of the last line logged, failures not logged since]
_state: dict[str, list] = {}
_breakers: list[Breaker] = []


def report_outage(logger: logging.Logger, service: str, message: str, exc: BaseException) -> bool:
    """Log ``message % "<error>"`` as a warning unless ``service`` was reported in the last
    ``EVERY_SECONDS``; True when it was logged."""
    now = time.monotonic()
    with _lock:
        state = _state.get(service)
        if state is not None and now - state[0] < EVERY_SECONDS:
            state[1] += 1
            return False
        swallowed = state[1] if state is not None else 0
        _state[service] = [now, 0]
    error = f"{type(exc).__name__}: {exc}"
    if swallowed:
        logger.warning(message + " (%d more failures since the last report)", error, swallowed)
    else:
        logger.warning(message, error)
    return True


def report_recovery(logger: logging.Logger, service: str, message: str) -> None:
    """Log once that ``service`` answers again; its next failure is reported at once."""
    with _lock:
        was_down = _state.pop(service, None) is not None
    if was_down:
        logger.info(message)


class Breaker:
    """Open for ``seconds`` after ``trip()``: meanwhile ``allows()`` is False."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._open_until: float | None = None
        with _lock:
            _breakers.append(self)

    def allows(self) -> bool:
        until = self._open_until
        return until is None or time.monotonic() >= until

    def trip(self) -> None:
        self._open_until = time.monotonic() + self.seconds

    def close(self) -> bool:
        """Close it after a success; True when it had been tripped."""
        was_tripped = self._open_until is not None
        self._open_until = None
        return was_tripped


def reset() -> None:
    """Forget every outage and close every breaker (tests that stop and start servers)."""
    with _lock:
        _state.clear()
        breakers = list(_breakers)
    for breaker in breakers:
        breaker.close()
