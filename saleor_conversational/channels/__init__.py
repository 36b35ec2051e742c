"""Messaging channel adapters: one folder per channel, each registering itself.

Adding a channel means adding ``channels/<name>/adapter.py`` with a
``ChannelAdapter`` subclass; ``load_adapters`` imports every such module.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil

_loaded = False


def load_adapters() -> None:
    global _loaded
    if _loaded:
        return
    for module in pkgutil.iter_modules(__path__):
        name = f"{__name__}.{module.name}.adapter"
        # A folder without adapter.py holds shared helpers, not a channel.
        if module.ispkg and importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
    _loaded = True
