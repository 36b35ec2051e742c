"""Conversational commerce for Saleor."""

__version__ = "0.1.0"

# The plugin's id in Saleor: its URLs live under /plugins/global/<PLUGIN_ID>/.
PLUGIN_ID = "saleor.conversational"
