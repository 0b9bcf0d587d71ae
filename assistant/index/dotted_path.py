"""The function or class a dotted path names: how each extension point (embedders, index backends) loads
an implementation, built-in or third-party alike, imported only when it is chosen."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

T = TypeVar("T")


def registered_or_path(registry: Mapping[str, T], name: str) -> T | str | None:
    """What an extension point's setting names: its registered entry, else the setting itself when it is a
    dotted path (it holds a dot); None for an unknown short name."""
    if name in registry:
        return registry[name]
    return name if "." in name else None


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
