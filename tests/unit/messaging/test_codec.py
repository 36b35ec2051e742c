"""Inbound events survive the JSON round trip through the InboundEvent row."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from saleor_conversational.channels.events import (
    InboundKind,
    InboundMessage,
    Media,
    OrderItem,
)
from saleor_conversational.messaging.codec import decode_event, encode_event


def test_order_items_and_media_round_trip_through_json():
    event = InboundMessage(
        provider_message_id="wamid.1",
        sender="+16505551234",
        kind=InboundKind.ORDER,
        timestamp=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        order_items=(
            OrderItem(retailer_id="123", quantity=2, item_price="10", currency="USD"),
        ),
        media=(Media(media_type="image", url="https://x.example/a.jpg", caption="hi"),),
        raw={"secret": "not kept"},
    )
    stored = json.loads(json.dumps(encode_event(event)))
    assert "raw" not in stored
    assert decode_event(stored) == InboundMessage(**{**event.__dict__, "raw": {}})
