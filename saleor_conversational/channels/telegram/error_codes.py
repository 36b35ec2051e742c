"""What Telegram's error descriptions and codes mean, for a merchant."""

from __future__ import annotations

# Substrings of Telegram's error descriptions -> what happened, for a merchant.
KNOWN_ERRORS = (
    ("bot was blocked by the user", "the shopper blocked the bot"),
    ("user is deactivated", "the shopper's Telegram account was deleted"),
    ("bot was kicked", "the bot was removed from this chat"),
    ("bot is not a member", "the bot is no longer a member of this chat"),
    (
        "bot can't initiate conversation",
        "the shopper has not started a chat with the bot",
    ),
    (
        "chat not found",
        "Telegram does not know this chat: the shopper never started the "
        "bot, or the chat id is wrong",
    ),
    ("message is too long", "the message is longer than Telegram allows"),
    ("wrong file identifier/http url", "Telegram could not fetch the image URL"),
    ("failed to get http url content", "Telegram could not fetch the image URL"),
    ("button_url_invalid", "a button links to a URL Telegram does not accept"),
)


STATUS_REASONS = {
    401: "Telegram rejected the bot token; copy it again from @BotFather",
    404: "Telegram did not recognize the bot token",
    409: "another program is receiving this bot's updates",
}


def describe(code: int, description: str) -> str:
    lowered = description.lower()
    for needle, reason in KNOWN_ERRORS:
        if needle in lowered:
            return reason
    if code in STATUS_REASONS:
        return STATUS_REASONS[code]
    if code == 403:
        return "Telegram does not allow the bot to write to this chat"
    return "Telegram refused the message"
