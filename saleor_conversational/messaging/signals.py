"""What the pipeline tells listeners (Chatwoot's dispatcher and listeners, as a Django
signal).

``message_received`` is sent synchronously, inside the transaction that stores the
inbound message and under the conversation's row lock, once consent keywords are
applied: a listener's replies are queued in that transaction, and an exception in a
listener fails the event so that it is retried. ``assistant`` is connected to it in
``apps.ready``; nothing below the assistant imports it.

Arguments: ``conversation``, ``identity``, ``message`` (the stored inbound ``Message``)
and ``keyword`` ("", "help", "start", or "marketing_subscribe" / "marketing_unsubscribe").
"""

from django.dispatch import Signal

message_received = Signal()
