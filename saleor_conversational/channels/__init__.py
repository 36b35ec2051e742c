"""Messaging channel adapters: one folder per channel, each registering itself.

Adding a channel means adding ``channels/<name>/adapter.py`` with a
``ChannelAdapter`` subclass; ``load_adapters`` imports every such module.
"""

from __future__ import annotations

import importlib
import pkgutil

_loaded = False


def load_adapters() -> None:
    global _loaded
    if _loaded:
        return
    for module in pkgutil.iter_modules(__path__):
        if module.ispkg:
            importlib.import_module(f"{__name__}.{module.name}.adapter")
    _loaded = True
