"""Re-encrypt every stored secret with the current encryption key.

  manage.py conversational_rotate_keys [--check]

Rotation: put the new key first in ``CONVERSATIONAL_ENCRYPTION_KEYS`` (keep the old ones
after it), restart, run this; once it reports nothing left under an old key, the old keys
can be removed. Each value is re-encrypted in its own transaction under a row lock, and
values already under the current key are left alone, so the command can be interrupted
and run again. ``--check`` only reports. Values no key opens are listed and left as they
are (the command then exits non-zero): their accounts need their credentials again.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from saleor_conversational.core.crypto import DecryptionError, key_position, reencrypt
from saleor_conversational.models.encrypted import encrypted_columns, stored_values


def _rotate(model, column, pk) -> str:
    """ "rotated", "current" or "unreadable" for the value of one row."""
    with transaction.atomic():
        value = (
            model.objects.select_for_update()
            .filter(pk=pk)
            .values_list(column, flat=True)
            .first()
        )
        if not value or key_position(value) == 0:
            return "current"
        try:
            fresh = reencrypt(value)
        except DecryptionError:
            return "unreadable"
        model.objects.filter(pk=pk).update(**{column: fresh})
        return "rotated"


class Command(BaseCommand):
    help = "Re-encrypt the plugin's stored secrets with the current encryption key."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="report only, change nothing"
        )

    def handle(self, *args, check: bool = False, **options):
        unreadable = []
        for model, column in encrypted_columns():
            counts = {"rotated": 0, "current": 0, "unreadable": 0, "old key": 0}
            for pk, value in stored_values(model, column):
                if check:
                    position = key_position(value)
                    outcome = (
                        "current"
                        if position == 0
                        else "unreadable"
                        if position is None
                        else "old key"
                    )
                else:
                    outcome = _rotate(model, column, pk)
                counts[outcome] += 1
                if outcome == "unreadable":
                    unreadable.append(f"{model.__name__} {pk}")
            shown = ", ".join(f"{n} {what}" for what, n in counts.items() if n)
            self.stdout.write(f"{model.__name__}.{column}: {shown or 'nothing stored'}")
        if unreadable:
            raise CommandError(
                "no key decrypts these (set their credentials again): "
                + ", ".join(unreadable)
            )
