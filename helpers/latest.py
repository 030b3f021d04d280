"""Latest-value-wins scheduling, step 4 of the interactive pattern (:mod:`helpers.widgets`): a
burst of control changes gives one render with the newest value, on the kernel's event loop.
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable

# ---------------------------------------------------------------------------------------------
# 4. Latest-value-wins scheduling
# ---------------------------------------------------------------------------------------------
class LatestValueWins:
    """Run `work(value)` for the newest submitted value only.

    Inside a Jupyter kernel the work is scheduled with ``loop.call_soon`` on the kernel's running
    event loop; values submitted before it runs replace the pending value, so a burst of slider
    messages gives one render with the last value. Elsewhere (plain Python, tests) the work runs at
    once, unless ``defer=True`` asks for the kernel behaviour on whatever loop is running.
    """

    _EMPTY = object()

    def __init__(self, work: Callable[[Any], None], defer: bool | None = None):
        self._work = work
        self._defer = defer
        self._pending: Any = self._EMPTY
        self._scheduled = False
        self.runs = 0
        self.submitted = 0

    def submit(self, value) -> None:
        self.submitted += 1
        self._pending = value
        if self._scheduled:
            return
        defer = self._defer if self._defer is not None else _in_kernel()
        loop = _running_loop() if defer else None
        if loop is None:
            self._run()
        else:
            self._scheduled = True
            loop.call_soon(self._run)

    def _run(self) -> None:
        self._scheduled = False
        value, self._pending = self._pending, self._EMPTY
        if value is self._EMPTY:
            return
        self.runs += 1
        self._work(value)


def _in_kernel() -> bool:
    try:
        from ipykernel.kernelbase import Kernel
    except ImportError:  # pragma: no cover - ipykernel is a runtime requirement
        return False
    return Kernel.initialized()


def _running_loop():
    """The running event loop: asyncio's, or, when a comm message is handled outside a coroutine,
    the kernel's own (ipykernel runs its loop on the main thread)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    try:
        from ipykernel.kernelbase import Kernel

        loop = Kernel.instance().io_loop.asyncio_loop
    except Exception:  # noqa: BLE001 - no kernel, or one without a tornado loop
        return None
    return loop if loop.is_running() else None
