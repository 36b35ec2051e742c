"""What the plugin stores: accounts per sales channel, contacts, conversations, messages.

Words: a *sales channel* is Saleor's ``Channel``; a *messaging channel* is WhatsApp,
Telegram… (``MessagingAccount.kind`` names the adapter). Everything personal hangs off
``Contact`` with CASCADE, and ``Contact.user`` cascades from Saleor's ``User``, so
deleting a customer deletes their chat data in the same transaction.
"""

from saleor_conversational.models.assistant import (  # noqa: F401
    AssistantKind,
    AssistantTrace,
    ModelAssistantSettings,
)
from saleor_conversational.models.commerce import (  # noqa: F401
    BackInStockSubscription,
    ChatCheckout,
    CommerceAppCredential,
    PaymentAccount,
    PaymentAlert,
    PaymentLink,
    PaymentLinkStatus,
    PaymentNotification,
    PaymentProvider,
    RefundRequest,
    ShoppingState,
)
from saleor_conversational.models.contacts import (  # noqa: F401
    Consent,
    ConsentPurpose,
    Contact,
    ContactIdentity,
    ContactLinkCode,
    ContactMerge,
)
from saleor_conversational.models.content import (  # noqa: F401
    DEFAULT_OPENING_MESSAGE,
    CannedResponse,
    FaqEntry,
    NotificationText,
    SalesChannelSettings,
)
from saleor_conversational.models.messaging import (  # noqa: F401
    Conversation,
    ConversationEvent,
    ConversationEventKind,
    ConversationNote,
    ConversationStatus,
    Direction,
    EndedWebChatSession,
    InboundEvent,
    InboundReplayKey,
    Message,
    MessageCategory,
    MessageSender,
    MessagingAccount,
)
from saleor_conversational.models.system import (  # noqa: F401
    DashboardAppToken,
    PendingErasure,
    PendingHookEvent,
)

__all__ = [
    "DEFAULT_OPENING_MESSAGE",
    "SalesChannelSettings",
    "FaqEntry",
    "NotificationText",
    "CannedResponse",
    "MessagingAccount",
    "ConversationStatus",
    "Conversation",
    "Direction",
    "MessageCategory",
    "MessageSender",
    "Message",
    "InboundEvent",
    "InboundReplayKey",
    "EndedWebChatSession",
    "ConversationNote",
    "ConversationEventKind",
    "ConversationEvent",
    "Contact",
    "ContactIdentity",
    "ConsentPurpose",
    "Consent",
    "ContactMerge",
    "ContactLinkCode",
    "ChatCheckout",
    "ShoppingState",
    "BackInStockSubscription",
    "CommerceAppCredential",
    "PaymentProvider",
    "PaymentAccount",
    "PaymentLinkStatus",
    "PaymentLink",
    "PaymentNotification",
    "PaymentAlert",
    "RefundRequest",
    "PendingErasure",
    "PendingHookEvent",
    "DashboardAppToken",
    "ModelAssistantSettings",
    "AssistantKind",
    "AssistantTrace",
]
