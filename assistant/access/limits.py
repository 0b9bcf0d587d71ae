"""Per-user bounds on questions in flight, so one script cannot starve the office (the queue bound stays)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from assistant.errors import TooManyRequestsError


class InFlightLimiter:
    """At most `per_user` questions of one user at a time; the next one is refused, not queued."""

    def __init__(self, per_user: int) -> None:
        self.per_user = per_user
        self._running: Counter[str] = Counter()
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, key: str | None) -> Iterator[None]:
        """Hold one of the slots of `key` (a user, or an address) while answering; TooManyRequestsError when
        all are taken. `key` None: not limited (one person's own machine)."""
        if key is None:
            yield
            return
        with self._lock:
            if self._running[key] >= self.per_user:
                raise TooManyRequestsError(
                    f"同时进行中的提问已达上限（每位用户 {self.per_user} 个），请等前面的回答完成后再问"
                )
            self._running[key] += 1
        try:
            yield
        finally:
            with self._lock:
                self._running[key] -= 1
