"""Root conftest: Saleor's fixtures when a Saleor checkout is available.

pytest only accepts ``pytest_plugins`` here, in the rootdir conftest.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tests.settings import SALEOR_AVAILABLE, SALEOR_DIR  # noqa: E402

SALEOR_FIXTURES = [
    "saleor.tests.fixtures",
    "saleor.app.tests.fixtures",
    "saleor.plugins.tests.fixtures",
    "saleor.graphql.tests.fixtures",
    "saleor.webhook.tests.fixtures",
    "saleor.tax.tests.fixtures",
    "saleor.channel.tests.fixtures",
    "saleor.page.tests.fixtures",
    "saleor.menu.tests.fixtures",
    "saleor.warehouse.tests.fixtures",
    "saleor.thumbnail.tests.fixtures",
    "saleor.order.tests.fixtures",
    "saleor.product.tests.fixtures",
    "saleor.site.tests.fixtures",
    "saleor.shipping.tests.fixtures",
    "saleor.permission.tests.fixtures",
    "saleor.giftcard.tests.fixtures",
    "saleor.discount.tests.fixtures",
    "saleor.checkout.tests.fixtures",
    "saleor.attribute.tests.fixtures",
    "saleor.account.tests.fixtures",
    "saleor.graphql.account.tests.fixtures",
    "saleor.payment.tests.fixtures",
    "saleor.webhook.tests.circuit_breaker.fixtures",
]

SKIP_REASON = (
    f"SALEOR TIER SKIPPED: no Saleor checkout at {SALEOR_DIR}. Set SALEOR_DIR to a "
    "Saleor 3.23 checkout (its dependencies installed) to run the tests against Saleor."
)

if SALEOR_AVAILABLE:
    import django.test
    from saleor.tests.utils import prepare_test_db_connections

    django.test.TransactionTestCase.databases = {"default", "replica"}
    django.test.TestCase.databases = {"default", "replica"}
    prepare_test_db_connections()
    pytest_plugins = SALEOR_FIXTURES
else:
    pytest_plugins = []
    # Saleor-tier modules import Saleor: leave them uncollected, and say so loudly.
    collect_ignore_glob = ["tests/saleor/*", "tests/system/*"]


def pytest_report_header(config):
    if SALEOR_AVAILABLE:
        import saleor

        return f"saleor-conversational: Saleor tier ON ({SALEOR_DIR}, saleor {saleor.__version__})"
    return "!!! " + SKIP_REASON


def pytest_terminal_summary(terminalreporter):
    if not SALEOR_AVAILABLE:
        terminalreporter.write_sep("!", SKIP_REASON, red=True, bold=True)
