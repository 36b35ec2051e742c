"""Test settings: Saleor's own test settings when a Saleor checkout is available.

Point ``SALEOR_DIR`` at a Saleor 3.23 checkout (default: ``../saleor`` beside this
project). Without one, Django-free tests still run and the Saleor tier is skipped
with a loud reason (see conftest.py).
"""

import os
import sys
from pathlib import Path

SALEOR_DIR = Path(
    os.environ.get("SALEOR_DIR", Path(__file__).resolve().parents[2] / "saleor")
)
SALEOR_AVAILABLE = (SALEOR_DIR / "saleor" / "tests" / "settings.py").exists()

if SALEOR_AVAILABLE:
    if str(SALEOR_DIR) not in sys.path:
        sys.path.insert(0, str(SALEOR_DIR))
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/saleor")
    os.environ.setdefault("SECRET_KEY", "saleor-conversational-tests")
    from saleor.tests.settings import *  # noqa: E402,F401,F403
    from saleor.tests.settings import INSTALLED_APPS  # noqa: E402

    if "saleor_conversational" not in INSTALLED_APPS:
        # The entry point adds it when the package is installed; an uninstalled
        # checkout (PYTHONPATH only) must behave the same.
        INSTALLED_APPS.append("saleor_conversational")
else:
    SECRET_KEY = "saleor-conversational-tests"
    INSTALLED_APPS: list[str] = []
    DATABASES: dict = {}
    USE_TZ = True
