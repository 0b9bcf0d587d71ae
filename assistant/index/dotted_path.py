"""The function or class a dotted path names: how each extension point (embedders, index backends) loads
an implementation, built-in or third-party alike, imported only when it is chosen."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def imported_callable(path: str) -> Callable[..., Any]:
    """What `package.module:attribute` (or `package.module.attribute`) names. Raises LookupError when the
    module or attribute cannot be found, TypeError when it is neither a function nor a class."""
    module, _, attribute = path.partition(":") if ":" in path else path.rpartition(".")
    try:
        found = getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError, ValueError) as exc:
        raise LookupError(str(exc)) from exc
    if not callable(found):
        raise TypeError(f"'{path}' is not a function or class")
    return found
