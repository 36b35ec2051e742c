"""Caps on what runs at once in this process (waiting long polls), per key.

A slot is held from ``acquire`` to ``release``, and at most until its deadline: a slot
whose release was lost (a response never iterated) frees itself.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable


class CapReached(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class Slot:
    def __init__(self, caps: ConcurrencyCaps, keys: tuple[str, ...], deadline: float):
        self._caps = caps
        self.keys = keys
        self.deadline = deadline

    def release(self) -> None:
        self._caps._release(self)


class ConcurrencyCaps:
    def __init__(self) -> None:
        self._held: dict[str, set[Slot]] = {}
        self._lock = threading.Lock()

    def acquire(self, limits: Iterable[tuple[str, int]], seconds: float) -> Slot:
        """A slot under every ``(key, cap)``; CapReached names the first full key."""
        limits = list(limits)
        now = time.monotonic()
        with self._lock:
            for key, cap in limits:
                held = self._held.get(key, set())
                held -= {slot for slot in held if slot.deadline <= now}
                if len(held) >= cap:
                    raise CapReached(key)
            slot = Slot(self, tuple(key for key, _ in limits), now + seconds)
            for key in slot.keys:
                self._held.setdefault(key, set()).add(slot)
            return slot

    def held(self, key: str) -> int:
        now = time.monotonic()
        with self._lock:
            return sum(1 for s in self._held.get(key, ()) if s.deadline > now)

    def _release(self, slot: Slot) -> None:
        with self._lock:
            for key in slot.keys:
                held = self._held.get(key)
                if held is not None:
                    held.discard(slot)
                    if not held:
                        del self._held[key]
