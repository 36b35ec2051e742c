"""Settings for the real Celery worker the worker tests start: same test database,
a Redis broker, no eager mode."""

import os

from tests.settings import *  # noqa: F401,F403
from tests.settings import DATABASES

for alias in DATABASES:
    DATABASES[alias]["NAME"] = os.environ["CONVERSATIONAL_TEST_DB_NAME"]
    DATABASES[alias].pop("TEST", None)

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
# Unacknowledged tasks of a killed worker come back after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 4}
