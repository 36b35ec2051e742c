"""Buying and paying in chat: cart, Saleor checkout, payment links, PSP notifications."""
