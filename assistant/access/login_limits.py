"""Bounds on guessing passwords: attempts counted per account and per address, with back-off.

After `max_failures` failed sign-ins within `window_s` for one account or from one address, every
further attempt for it is refused at once — right password or not — for a lock time that doubles
with each lock in a row (up to `max_lock_s`). An attempt counts as failed from the moment it is let
through until its password proves right, so sixteen guesses sent at once cannot all slip past the
bound before the first is checked; nothing is hashed for a refused attempt, so a flood of guesses
costs the server no scrypt work. Counted per process, in memory: a restart forgets them.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.errors import LoginThrottledError


@dataclass
class _Record:
    failures: deque[float] = field(default_factory=deque)
    locked_until: float = 0.0
    locks: int = 0


class LoginThrottle:
    """Sign-in attempts by key ("user:NAME", "addr:ADDRESS")."""

    def __init__(
        self,
        max_failures: int = 10,
        window_s: float = 60.0,
        lock_s: float = 60.0,
        max_lock_s: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures, self.window_s, self.lock_s, self.max_lock_s = max_failures, window_s, lock_s, max_lock_s
        self._clock = clock
        self._records: dict[str, _Record] = defaultdict(_Record)
        self._lock = threading.Lock()

    @staticmethod
    def keys(name: str, address: str) -> tuple[str, str]:
        return f"user:{name.strip().lower()[:64]}", f"addr:{address}"

    def begin(self, name: str, address: str) -> None:
        """Let one attempt through, counted as failed until `succeeded`; raise LoginThrottledError (with the
        seconds to wait) when the account or the address is locked."""
        now = self._clock()
        with self._lock:
            keys = self.keys(name, address)
            wait = max((self._records[k].locked_until - now for k in keys if k in self._records), default=0.0)
            if wait > 0:
                raise LoginThrottledError(math.ceil(wait))
            for key in keys:
                record = self._records[key]
                record.failures.append(now)
                while record.failures and record.failures[0] < now - self.window_s:
                    record.failures.popleft()
                if len(record.failures) >= self.max_failures:  # this attempt is the last one let through
                    record.locked_until = now + min(self.max_lock_s, self.lock_s * 2**record.locks)
                    record.locks += 1
                    record.failures.clear()
            if len(self._records) > 100_000:  # a scan of random names may not grow memory without bound
                self._forget(now)

    def succeeded(self, name: str, address: str) -> None:
        """A right password: the account's count starts over; the address keeps its other attempts (it
        may be guessing other accounts) but not this one."""
        with self._lock:
            account, place = self.keys(name, address)
            self._records.pop(account, None)
            record = self._records.get(place)
            if record is not None and record.failures:
                record.failures.pop()

    def _forget(self, now: float) -> None:
        stale = [
            k
            for k, r in self._records.items()
            if r.locked_until < now and (not r.failures or r.failures[-1] < now - self.window_s)
        ]
        for key in stale:
            del self._records[key]
