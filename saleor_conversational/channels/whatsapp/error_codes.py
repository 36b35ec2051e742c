"""Graph error codes as the WhatsApp Cloud API uses them (see ``meta.graph``).

A listed code keeps its outcome even when Meta answers 5xx; an unlisted one is
retried when Meta marks it transient or answers 5xx, and is otherwise permanent.
The number after a reason is how long to wait when Meta sends no Retry-After (none:
the pipeline's own backoff).
"""

from __future__ import annotations

from saleor_conversational.channels.meta.graph import (
    GraphErrorTable,
    outside_window,
    permanent,
    retry,
)

OUTSIDE_WINDOW = 131047

ERRORS = GraphErrorTable(
    {
        # temporary API errors
        1: retry("WhatsApp had a temporary problem"),
        2: retry("WhatsApp had a temporary problem"),
        # app / call / WhatsApp Business account rate limits
        4: retry("the Meta app's API rate limit was reached"),
        613: retry("the Meta API call rate limit was reached"),
        80007: retry("the WhatsApp Business account's API rate limit was reached"),
        # throughput limit of the number
        130429: retry("the number's message throughput limit was reached"),
        # unknown error, service unavailable
        131000: retry("WhatsApp failed for an unknown reason"),
        131016: retry("WhatsApp is temporarily unavailable"),
        # pair rate: about one message per 6 seconds to the same customer
        131056: retry("too many messages to this customer in a short time", 6.0),
        133016: retry("too many registration attempts for this number"),
        # spam rate limit, messaging limit: slow down hard
        131048: retry(
            "WhatsApp's spam rate limit was reached: too many messages were blocked "
            "or reported",
            3600.0,
        ),
        131064: retry("the account's messaging limit was reached", 3600.0),
        # per-customer marketing limit: not before tomorrow
        131049: retry(
            "WhatsApp limits how many marketing messages this customer gets", 86400.0
        ),
        OUTSIDE_WINDOW: outside_window(
            "more than 24 hours since the customer's last message: only a template "
            "can be sent"
        ),
        10: permanent("the access token lacks the WhatsApp permissions"),
        100: permanent("WhatsApp refused a parameter of the message"),
        190: permanent("the access token has expired or was revoked"),
        368: permanent(
            "the WhatsApp account is temporarily blocked for policy violations"
        ),
        130472: permanent(
            "the customer is part of a Meta experiment and did not get this "
            "marketing message"
        ),
        131008: permanent("a required parameter is missing"),
        131009: permanent("a parameter value is not valid"),
        131026: permanent(
            "undeliverable: the number is not on WhatsApp, has an old app or has not "
            "accepted WhatsApp's terms"
        ),
        131030: permanent(
            "the number is not in the test number's list of allowed recipients"
        ),
        131031: permanent("the WhatsApp Business account is restricted or disabled"),
        131037: permanent("the display name of this number is not approved yet"),
        131042: permanent("the WhatsApp Business account has a payment problem"),
        131050: permanent("the customer stopped marketing messages from this business"),
        131051: permanent("WhatsApp does not support this message type"),
        131052: permanent("WhatsApp could not download the media file"),
        131053: permanent("WhatsApp could not upload the media file"),
        131062: permanent("this kind of recipient id cannot receive this message"),
        132000: permanent(
            "the number of template parameters does not match the approved template"
        ),
        132001: permanent(
            "the template does not exist in this language or is not approved"
        ),
        132005: permanent(
            "the template text is too long once its parameters are filled in"
        ),
        132007: permanent("the template content breaks a WhatsApp policy"),
        132012: permanent("a template parameter has the wrong format"),
        132015: permanent("the template is paused because of low quality"),
        132016: permanent("the template is disabled because of low quality"),
        137000: permanent("the customer's identity key changed"),
    },
    details_first=True,
)
