"""One scenario, one library, one simulator: ``runner.py SIDE SCENARIO PORT CONTROL_PORT CLOCK`` prints JSON.

SIDE is ``ib_async`` (run with only ib_async 2.1's directory on the path, ``python -S``) or ``ibwire`` (run with
the repository root on the path). The scenario gets the library's top-level module, a connected ``IB`` and a
:class:`Context`: ``ctx.step(n)`` moves the simulator's market ``n`` ticks (through the harness, which owns the
simulator) and waits until this client has read everything those ticks sent; ``ctx.part(name, fn)`` records what
``fn()`` returns (normalised at once) or what it raised; ``ctx.wait(pred)`` runs the library until ``pred()``.

Standard library only besides the library under test.
"""

from __future__ import annotations

import json
import socket
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from normalize import Normalizer  # noqa: E402
from scenarios import SCENARIOS  # noqa: E402

CLIENT_ID = 7


class Missing(Exception):
    """A wait that cannot succeed: its condition touched a name the library does not have."""


class Context:
    def __init__(self, side: str, mod: Any, ib: Any, control_port: int, wire_time: str) -> None:
        self.side = side
        self.mod = mod
        self.ib = ib
        self.obs: dict[str, Any] = {}
        self.norm = Normalizer(side, wire_time)
        self.errors: list[list[Any]] = []
        self._control = socket.create_connection(("127.0.0.1", control_port))
        self._control_in = self._control.makefile("r")

    # --- the simulator ---------------------------------------------------------------------------

    def _ask(self, line: str) -> str:
        self._control.sendall(line.encode() + b"\n")
        return self._control_in.readline().strip()

    def step(self, n: int = 1) -> None:
        """``n`` market ticks, then a round trip so that everything they sent has been read and handled.

        A round trip first too: the simulator has then handled every request sent before (a cancel, say), which
        travelled on the API connection while this order travels on the control one.
        """
        self.sync()
        answer = self._ask(f"step {n}")
        if answer != "ok":
            raise RuntimeError(f"simulator control: {answer}")
        self.sync()

    def sync(self) -> None:
        """Everything sent before has been handled, its update cycle announced.

        A request's answer comes after everything sent before it (the session's queue is in order), maybe in the
        same batch, whose tickers ibwire announces on its dispatch thread after the answer is handed over; a
        second round trip is answered in a later batch, so the first batch's handlers have run by then.
        """
        self.ib.reqCurrentTime()
        self.ib.reqCurrentTime()

    # --- waiting and recording ---------------------------------------------------------------------

    def pause(self, seconds: float) -> None:
        if self.side == "ib_async":
            self.ib.sleep(seconds)
        else:
            time.sleep(seconds)

    def wait(self, pred: Callable[[], Any], what: str, timeout: float = 8.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if pred():
                    return
            except AttributeError as e:
                raise Missing(f"waiting for {what}: {e}") from e
            if time.monotonic() > deadline:
                raise TimeoutError(f"not reached within {timeout:g} s: {what}")
            self.pause(0.02)

    def record(self, name: str, value: Any) -> None:
        self.obs[name] = self.norm(value)

    def part(self, name: str, fn: Callable[[], Any]) -> Any:
        """Record ``fn()`` normalised under ``name`` (or ``raised <type>: <text>``); return the raw result.

        The errors the part's requests caused are recorded with it: a round trip after it makes sure they are in
        (a call that does not wait, like reqMktData, has its error come later, on whichever thread reads it).
        """
        mark = len(self.errors)
        try:
            value = fn()
        except Exception as e:  # noqa: BLE001 - what a part raises is its observation
            self.obs[name] = f"raised {type(e).__name__}: {e}"
            value = None
        else:
            self.obs[name] = self.norm(value)
        try:
            self.sync()
        except Exception:  # noqa: BLE001 - a broken connection shows in the observations anyway
            pass
        if len(self.errors) > mark:
            self.obs[name + " (errors)"] = self.errors[mark:]
        return value

    def on_error(self, *args: Any) -> None:
        # ib_async: (reqId, errorCode, errorString, contract); ibwire: (reqId, errorCode, errorString, json)
        req_id, code, text = (list(args) + [None, None, None])[:3]
        self.errors.append([code, text, "no id" if req_id in (-1, None) else "id"])

    def close(self) -> None:
        self._control.close()


def main() -> int:
    side, scenario, port, control_port = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    wire_time = sys.argv[5]
    if side == "ib_async":
        import ib_async as mod
    elif side == "ibwire":
        import ibwire as mod
    else:
        raise SystemExit(f"unknown side {side!r}")
    ib = mod.IB()
    if side == "ibwire":
        # the documented switch to ib_async's behaviour: a refused request gives an empty result, not an exception
        ib.RaiseRequestErrors = False
    ctx = Context(side, mod, ib, control_port, wire_time)
    ib.errorEvent += ctx.on_error
    ib.connect("127.0.0.1", port, clientId=CLIENT_ID, timeout=15)
    try:
        SCENARIOS[scenario](mod, ib, ctx)
    except Exception as e:  # noqa: BLE001 - reported as the scenario's outcome, compared like the rest
        ctx.obs["!scenario"] = f"raised {type(e).__name__}: {e}"
        ctx.obs["!traceback"] = traceback.format_exc().splitlines()[-6:]
    try:
        ctx.sync()
    except Exception:  # noqa: BLE001
        pass
    ctx.obs["errors"] = ctx.errors
    ctx.obs["!module"] = getattr(mod, "__file__", "?")
    ib.disconnect()
    ctx.close()
    print(json.dumps(ctx.obs, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
