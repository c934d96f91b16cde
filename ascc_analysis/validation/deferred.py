"""Modules Great Expectations imports that the gate's suites never use, imported on their first use instead."""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types

DEFERRED_MODULES = ("scipy.stats", "altair")
"""Imported by GX at start-up only for expectations no suite here declares (the distribution tests and the
KL divergence, with its altair charts): about 1.1 s of the gate on this machine, 40 % of GX's import."""

_LOCK = threading.RLock()


class DeferredModule(types.ModuleType):
    """Stands in ``sys.modules`` for a module not yet imported; the first attribute asked for imports it.

    The stand-in has no ``__spec__`` (so that ``import name`` takes it as imported) and
    hands every attribute on to the real module, which replaces it in ``sys.modules`` and
    in its parent package. Names bound to the stand-in keep working.
    """

    def __init__(self, name: str):
        super().__init__(name, f"{name}, imported on first use")
        self.__spec__ = None

    def __getattr__(self, attribute: str):
        return getattr(self._module(), attribute)

    def _module(self) -> types.ModuleType:
        with _LOCK:
            module = self.__dict__.get("_real")
            if module is None:
                name = self.__name__
                if sys.modules.get(name) is self:
                    del sys.modules[name]
                parent, _, child = name.rpartition(".")
                if parent and getattr(sys.modules.get(parent), child, None) is self:
                    delattr(sys.modules[parent], child)  # the import sets it to the real module
                module = importlib.import_module(name)
                self.__dict__["_real"] = module
            return module


def defer_imports(names: tuple[str, ...] = DEFERRED_MODULES) -> list[str]:
    """Put a :class:`DeferredModule` in place of each module of ``names`` not imported yet (and installed).

    A dotted name's parent package is imported, and the stand-in set as its attribute, so
    that ``from scipy import stats`` finds it.

    Returns
    -------
    list of str
        The names deferred (those already imported, or not installed, are left alone).
    """
    deferred = []
    for name in names:
        if name in sys.modules:
            continue
        parent, _, child = name.rpartition(".")
        try:
            if importlib.util.find_spec(name) is None:
                continue
        except (ImportError, ValueError):
            continue
        stand_in = DeferredModule(name)
        sys.modules[name] = stand_in
        if parent:
            setattr(sys.modules[parent], child, stand_in)  # find_spec imported the parent
        deferred.append(name)
    return deferred
