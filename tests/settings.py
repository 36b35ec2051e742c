"""Test settings: Saleor's own test settings when a Saleor checkout is available.

Point ``SALEOR_DIR`` at a Saleor 3.23 checkout (default: ``../saleor`` beside this
project). Without one, Django-free tests still run and the Saleor tier is skipped
with a loud reason (see conftest.py).
"""

import os
import sys
from pathlib import Path

_BESIDE = Path(__file__).resolve().parents[2]
# $SALEOR_DIR, else a writable ../saleor checkout, else the read-only ../shared/saleor-3.23.
SALEOR_DIR = Path(
    os.environ.get("SALEOR_DIR")
    or next(
        (
            candidate
            for candidate in (_BESIDE / "saleor", _BESIDE / "shared" / "saleor-3.23")
            if (candidate / "saleor" / "tests" / "settings.py").exists()
        ),
        _BESIDE / "saleor",
    )
)
SALEOR_AVAILABLE = (SALEOR_DIR / "saleor" / "tests" / "settings.py").exists()

if SALEOR_AVAILABLE:
    if str(SALEOR_DIR) not in sys.path:
        sys.path.insert(0, str(SALEOR_DIR))
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/saleor")
    os.environ.setdefault("SECRET_KEY", "saleor-conversational-tests")
    from saleor.tests.settings import *  # noqa: E402,F401,F403
    from saleor.tests.settings import INSTALLED_APPS  # noqa: E402

    # The provider fakes listen on http://127.0.0.1: allowed here, refused by default.
    CONVERSATIONAL_ALLOW_PRIVATE_BASE_URLS = True

    if "saleor_conversational" not in INSTALLED_APPS:
        # The entry point adds it when the package is installed; an uninstalled
        # checkout (PYTHONPATH only) must behave the same.
        INSTALLED_APPS.append("saleor_conversational")
else:
    SECRET_KEY = "saleor-conversational-tests"
    INSTALLED_APPS: list[str] = []
    DATABASES: dict = {}
    USE_TZ = True
