"""Caps on what runs at once: per key, given back on release or at the slot's deadline."""

from __future__ import annotations

import time

import pytest

from saleor_conversational.core.concurrency import CapReached, ConcurrencyCaps


def test_a_full_key_refuses_and_names_itself():
    caps = ConcurrencyCaps()
    first = caps.acquire([("session:a", 1), ("client:x", 3)], seconds=30)
    caps.acquire([("session:b", 1), ("client:x", 3)], seconds=30)
    with pytest.raises(CapReached) as full:
        caps.acquire([("session:a", 1), ("client:x", 3)], seconds=30)
    assert full.value.key == "session:a"
    caps.acquire([("session:c", 1), ("client:x", 3)], seconds=30)
    with pytest.raises(CapReached) as full:
        caps.acquire([("session:d", 1), ("client:x", 3)], seconds=30)
    assert full.value.key == "client:x"
    assert caps.held("client:x") == 3

    first.release()
    first.release()  # twice is harmless
    assert caps.held("client:x") == 2 and caps.held("session:a") == 0
    caps.acquire([("session:a", 1), ("client:x", 3)], seconds=30)


def test_a_slot_never_released_frees_itself_at_its_deadline():
    caps = ConcurrencyCaps()
    caps.acquire([("session:a", 1)], seconds=0.05)
    with pytest.raises(CapReached):
        caps.acquire([("session:a", 1)], seconds=0.05)
    time.sleep(0.06)
    caps.acquire([("session:a", 1)], seconds=0.05)
