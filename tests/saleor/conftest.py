"""The in-process Saleor tier: Saleor's URLconf, fixtures and PostgreSQL."""

from tests.support.fixtures import *  # noqa: F403
