"""Canned responses: saved replies with variables, and who else is replying right now."""

from __future__ import annotations

import re

from saleor_conversational.models import Conversation

VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
VARIABLES = ("first_name", "name", "email", "shop_channel", "agent_first_name")


def render(text: str, conversation: Conversation, agent=None) -> str:
    """``text`` with its known variables filled; unknown ones are left as written."""
    contact = conversation.contact
    user = contact.user if contact.user_id else None
    name = (
        f"{user.first_name} {user.last_name}".strip() if user else ""
    ) or contact.name
    values = {
        "first_name": (
            user.first_name
            if user and user.first_name
            else name.split(" ")[0]
            if name
            else ""
        ),
        "name": name,
        "email": contact.email or (user.email if user else ""),
        "shop_channel": conversation.channel.name if conversation.channel_id else "",
        "agent_first_name": getattr(agent, "first_name", "") or "",
    }
    return VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), text)
