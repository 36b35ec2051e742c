"""The models and the committed migrations agree: moving code never changes a table."""

from io import StringIO

from django.core.management import call_command


def test_makemigrations_reports_no_change():
    out = StringIO()
    call_command(
        "makemigrations",
        "saleor_conversational",
        "--check",
        "--dry-run",
        stdout=out,
        stderr=out,
    )  # exits with SystemExit(1) when a migration is missing
    assert "No changes detected" in out.getvalue()
