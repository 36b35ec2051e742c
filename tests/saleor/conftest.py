"""The in-process Saleor tier: Saleor's URLconf, fixtures and PostgreSQL."""

import pytest

from tests.support.fixtures import *  # noqa: F403


@pytest.fixture(autouse=True)
def _empty_cache():
    """Request limits count in Django's cache (local memory here): each test starts
    with nothing counted."""
    from django.core.cache import cache

    cache.clear()
