"""The system tier: real Celery workers, Saleor as deployed (uvicorn, production
settings), Saleor's beat and a Chromium browser. Every test here is marked ``system``
(the browser tests also ``browser``), so ``pytest -m "not system"`` is the quick loop."""

from pathlib import Path

import pytest

from tests.support.fixtures import *  # noqa: F403

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.system)
