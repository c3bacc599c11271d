"""Operations: ``IBC`` starts and stops a gateway process, ``Watchdog`` keeps an :class:`IB` connected to it.

Both work on threads, not asyncio. ``IBC`` takes the settings of the IBC launcher (IbcAlpha/IBC) and builds
the command line of its start script, or runs any ``command`` given as a list (a simulator, a container, a
script of your own). ``Watchdog`` runs one thread that starts the process, gives it ``appStartupTime``,
connects, then probes the connection every ``appTimeout`` seconds with a request; when the probe fails or
hangs past ``probeTimeout``, the connection drops, TWS reports error 100 or 1100, or the process exits, it
disconnects, terminates the process (SIGTERM, then SIGKILL) and starts over after ``retryDelay``.
"""

from __future__ import annotations

import atexit
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from contextlib import suppress
from dataclasses import dataclass, field
from typing import IO, Any, ClassVar, Protocol, runtime_checkable

from ..model import Contract
from .contract import Forex
from .events import Event
from .ib import IB

__all__ = ["IBC", "Watchdog"]

logger = logging.getLogger("ibwire.watchdog")
_ibc_logger = logging.getLogger("ibwire.ibc")

_WINDOWS = sys.platform == "win32"

# IBC start script arguments per setting: (POSIX form, Windows form). A form ending in "=" or ":" takes the
# value after it, another non-empty form is a flag, an empty form passes the value alone (the TWS version).
_IBC_ARGS: dict[str, tuple[str, str]] = {
    "twsVersion": ("", ""),
    "gateway": ("--gateway", "/Gateway"),
    "tradingMode": ("--mode=", "/Mode:"),
    "twsPath": ("--tws-path=", "/TwsPath:"),
    "twsSettingsPath": ("--tws-settings-path=", ""),
    "ibcPath": ("--ibc-path=", "/IbcPath:"),
    "ibcIni": ("--ibc-ini=", "/Config:"),
    "javaPath": ("--java-path=", "/JavaPath:"),
    "userid": ("--user=", "/User:"),
    "password": ("--pw=", "/PW:"),
    "fixuserid": ("--fix-user=", "/FIXUser:"),
    "fixpassword": ("--fix-pw=", "/FIXPW:"),
    "on2fatimeout": ("--on2fatimeout=", "/On2FATimeout:"),
}


#: processes IBC started and has not terminated yet: they run in sessions of their own, which a Ctrl-C in the
#: terminal does not reach, so they are ended when the interpreter exits
_live: set[subprocess.Popen[bytes]] = set()
_live_lock = threading.Lock()


@atexit.register
def _end_live_processes() -> None:
    with _live_lock:
        procs = list(_live)
    for proc in procs:
        if _WINDOWS:
            proc.kill()
        elif proc.poll() is None:
            IBC._signal(proc, signal.SIGTERM)
            IBC._signal(proc, signal.SIGCONT)
    if _WINDOWS:
        return
    end = time.monotonic() + 2
    for proc in procs:
        with suppress(subprocess.TimeoutExpired):
            proc.wait(max(0.0, end - time.monotonic()))
        IBC._signal(proc, signal.SIGKILL)


@runtime_checkable
class Controller(Protocol):
    """What a :class:`Watchdog` needs of its controller: ``start()`` the app, ``terminate()`` it.

    A controller that also has ``isRunning() -> bool`` lets the watchdog notice at once that the app exited.
    """

    def start(self) -> None: ...

    def terminate(self) -> None: ...


@runtime_checkable
class _Running(Protocol):
    def isRunning(self) -> bool: ...


@dataclass
class IBC:
    """Start and stop TWS or IB Gateway through IBC, or any program given as ``command``.

    The settings are IBC's (``twsVersion`` is required for IBC: the major version of TWS/Gateway);
    empty settings are left out of the command line and default to IBC's own. ``ibcPath`` defaults to
    ``/opt/ibc`` (``C:\\IBC`` on Windows). Credentials passed here show up in the process list: IBC's
    config file (``ibcIni``) is the better place for them.

    ``command`` (a list of program and arguments), when given, is run instead of IBC's start script.
    ``start()`` runs the process (in a session of its own on POSIX, so that ``terminate()`` also reaches
    the programs it starts) and logs its output to the ``ibwire.ibc`` logger; ``terminate()`` sends
    SIGTERM and, after ``terminateTimeout`` seconds, SIGKILL. Usable as a context manager.
    """

    #: level at which the process's output lines are logged
    IbcLogLevel: ClassVar[int] = logging.DEBUG

    twsVersion: int = 0
    gateway: bool = False
    tradingMode: str = ""
    twsPath: str = ""
    twsSettingsPath: str = ""
    ibcPath: str = ""
    ibcIni: str = ""
    javaPath: str = ""
    userid: str = ""
    password: str = field(default="", repr=False)
    fixuserid: str = ""
    fixpassword: str = field(default="", repr=False)
    on2fatimeout: str = ""
    command: list[str] = field(default_factory=list)
    terminateTimeout: float = 5.0

    def __post_init__(self) -> None:
        if not self.ibcPath:
            self.ibcPath = "C:\\IBC" if _WINDOWS else "/opt/ibc"
        self._proc: subprocess.Popen[bytes] | None = None
        self._output: threading.Thread | None = None
        self._lock = threading.RLock()

    def __enter__(self) -> IBC:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.terminate()

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        """The running (or exited but not yet terminated) process, ``None`` before ``start()``/after ``terminate()``."""
        return self._proc

    def commandLine(self) -> list[str]:
        """The program and arguments ``start()`` runs: ``command``, or IBC's start script with the settings."""
        if self.command:
            return list(self.command)
        script = f"{self.ibcPath}\\scripts\\StartIBC.bat" if _WINDOWS else f"{self.ibcPath}/scripts/ibcstart.sh"
        cmd = [script]
        for name, forms in _IBC_ARGS.items():
            value = getattr(self, name)
            arg = forms[_WINDOWS]
            if not value or (_WINDOWS and not arg and name != "twsVersion"):
                continue
            if arg.endswith(("=", ":")):
                cmd.append(f"{arg}{value}")
            elif arg:
                cmd.append(arg)
            else:
                cmd.append(str(value))
        return cmd

    def isRunning(self) -> bool:
        """Whether the started process is still alive."""
        p = self._proc
        return p is not None and p.poll() is None

    def start(self) -> None:
        """Launch the process (nothing happens if it runs already)."""
        with self._lock:
            if self._proc is not None:
                if self._proc.poll() is None:
                    return
                self._reap()
            cmd = self.commandLine()
            logger.info("starting %s", cmd[0])
            kw: dict[str, Any] = {}
            if not _WINDOWS:
                kw["start_new_session"] = True
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, **kw)
            self._proc = proc
            with _live_lock:
                _live.add(proc)
            assert proc.stdout is not None
            self._output = threading.Thread(target=self._log_output, args=(proc.stdout,),
                                            name="ibwire-ibc-output", daemon=True)
            self._output.start()

    def terminate(self) -> None:
        """End the process: SIGTERM (to its whole session), SIGKILL after ``terminateTimeout`` seconds."""
        with self._lock:
            proc = self._proc
            if proc is None:
                return
            logger.info("terminating process %d", proc.pid)
            if _WINDOWS:
                subprocess.call(["taskkill", "/F", "/T", "/PID", str(proc.pid)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
            else:
                self._signal(proc, signal.SIGTERM)
                self._signal(proc, signal.SIGCONT)  # a stopped process handles its SIGTERM only once continued
            try:
                proc.wait(self.terminateTimeout)
            except subprocess.TimeoutExpired:
                logger.warning("process %d ignored SIGTERM; killing it", proc.pid)
            if not _WINDOWS:
                self._signal(proc, signal.SIGKILL)  # also what the process left behind in its session
            with suppress(subprocess.TimeoutExpired):
                proc.wait(self.terminateTimeout)
            self._reap()

    def _reap(self) -> None:
        proc, out = self._proc, self._output
        self._proc = self._output = None
        if proc is not None:
            with _live_lock:
                _live.discard(proc)
        if out is not None:
            out.join(self.terminateTimeout)
        if proc is not None and proc.stdout is not None and (out is None or not out.is_alive()):
            proc.stdout.close()

    @staticmethod
    def _signal(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
        # the process leads its own session (start_new_session): signal the whole group
        if _WINDOWS:
            return
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)

    @staticmethod
    def _log_output(stream: IO[bytes]) -> None:
        with suppress(ValueError, OSError):
            for line in stream:
                _ibc_logger.log(IBC.IbcLogLevel, "%s", line.decode(errors="replace").rstrip())

    async def startAsync(self) -> None:
        """``start()`` from an event loop (in its default executor)."""
        import asyncio

        await asyncio.get_running_loop().run_in_executor(None, self.start)

    async def terminateAsync(self) -> None:
        """``terminate()`` from an event loop (in its default executor)."""
        import asyncio

        await asyncio.get_running_loop().run_in_executor(None, self.terminate)


def _eurusd() -> Contract:
    return Forex("EURUSD")


class _Restart(Exception):
    """Why the watchdog restarts the app."""


@dataclass(eq=False)
class Watchdog:
    """Start the app (TWS, gateway or any server) through ``controller``, connect ``ib`` and keep it so.

    ``controller`` is an :class:`IBC`, a list (the command line of the app, run by an :class:`IBC`), or any
    object with ``start()`` and ``terminate()``. ``ib`` must not be connected: the watchdog connects it
    (``host``, ``port``, ``clientId``, ``connectTimeout``, ``readonly``, ``account``) without the facade's
    own reconnect loop, as recovering is the watchdog's job. ``start()`` returns at once; the work runs on
    the thread ``ibwire-watchdog``:

    1. start the app and wait ``appStartupTime`` seconds;
    2. connect (``startedEvent``);
    3. every ``appTimeout`` seconds probe (``softTimeoutEvent``): historical bars of ``probeContract``
       (30 seconds of 5-second midpoint bars), or the current time when it is ``None``; no answer within
       ``probeTimeout`` or an error is a hard timeout (``hardTimeoutEvent``). Historical probes are at least
       ``HistoricalProbeSpacing`` seconds apart, so that no two are identical requests IB would pace;
    4. on a hard timeout, a lost connection, error 100 or 1100, or the app's exit (with a controller that
       has ``isRunning()``): disconnect, terminate the app (``stoppedEvent``), wait ``retryDelay`` and go to 1.

    ``stop()`` (``stoppingEvent``) ends the loop: ``ib`` is disconnected and the app terminated before it
    returns (``stoppedEvent``). Events pass the watchdog to their handlers and run on its thread, except
    ``startingEvent`` and ``stoppingEvent`` which run on the caller's.
    """

    events: ClassVar[list[str]] = ["startingEvent", "startedEvent", "stoppingEvent", "stoppedEvent",
                                   "softTimeoutEvent", "hardTimeoutEvent"]
    #: least seconds between two historical probes (IB paces identical requests within 15 seconds)
    HistoricalProbeSpacing: ClassVar[float] = 15.0

    controller: IBC | Controller | list[str] | tuple[str, ...]
    ib: IB
    host: str = "127.0.0.1"
    port: int = 7497
    clientId: int = 1
    connectTimeout: float = 2
    appStartupTime: float = 30
    appTimeout: float = 20
    retryDelay: float = 2
    readonly: bool = False
    account: str = ""
    probeContract: Contract | None = field(default_factory=_eurusd)
    probeTimeout: float = 4

    def __post_init__(self) -> None:
        self.startingEvent = Event("startingEvent")
        self.startedEvent = Event("startedEvent")
        self.stoppingEvent = Event("stoppingEvent")
        self.stoppedEvent = Event("stoppedEvent")
        self.softTimeoutEvent = Event("softTimeoutEvent")
        self.hardTimeoutEvent = Event("hardTimeoutEvent")
        if not self.controller:
            raise ValueError("No controller supplied")
        if isinstance(self.controller, (list, tuple)):
            if not all(isinstance(a, str) for a in self.controller):
                raise TypeError("a command controller is a list of strings")
            self.controller = IBC(command=list(self.controller))
        if not isinstance(self.controller, Controller):
            raise TypeError("the controller needs start() and terminate(), or is a command list")
        if self.ib is None:
            raise ValueError("No IB instance supplied")
        if self.ib.isConnected():
            raise ValueError("IB instance must not be connected")
        self._ctl: Controller = self.controller
        self._lock = threading.RLock()  # a startingEvent handler may call stop()
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._wake = threading.Event()  # stop() or trouble reported by an IB event
        self._trouble = ""
        self._last_hist_probe = -1e18

    def isRunning(self) -> bool:
        """Whether the watchdog's thread runs (between ``start()`` and the end of ``stop()``)."""
        t = self._thread
        return t is not None and t.is_alive()

    def start(self) -> None:
        """Start watching (on the thread ``ibwire-watchdog``); nothing happens if it runs already."""
        with self._lock:
            if self.isRunning():
                if not self._stopping.is_set():
                    return
                raise RuntimeError("the watchdog is stopping; start() again once stop() has returned")
            logger.info("starting")
            self.startingEvent.emit(self)
            self._stopping.clear()
            self._wake.clear()
            self._thread = threading.Thread(target=self._run, name="ibwire-watchdog", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop watching: disconnect ``ib``, terminate the app; returns when done (unless called from a handler
        on the watchdog's own thread: then the thread ends once the handler returns)."""
        with self._lock:
            t = self._thread
            if t is None or self._stopping.is_set():
                return
            logger.info("stopping")
            self._stopping.set()
            self._wake.set()
        self.stoppingEvent.emit(self)
        if t is threading.current_thread():
            return
        self.ib.disconnect()  # a connect or probe under way ends now
        t.join()
        with self._lock:
            if self._thread is t:
                self._thread = None

    # --- the thread ----------------------------------------------------------------------------------

    def _report(self, why: str) -> None:
        if not self._trouble:
            self._trouble = why
        self._wake.set()

    def _onError(self, reqId: int, errorCode: int, errorString: str, *_: Any) -> None:
        if errorCode in (100, 1100):
            self._report(f"error {errorCode}: {errorString}")

    def _onDisconnected(self) -> None:
        self._report("disconnected")

    def _app_exited(self) -> bool:
        ctl = self._ctl
        return isinstance(ctl, _Running) and not ctl.isRunning()

    def _pause(self, seconds: float) -> None:
        """Wait ``seconds``; raise ``_Restart`` as soon as there is trouble or the app exits."""
        end = time.monotonic() + seconds
        while not self._stopping.is_set():
            left = end - time.monotonic()
            if self._trouble:
                raise _Restart(self._trouble)
            if self._app_exited():
                raise _Restart("the app exited")
            if left <= 0:
                return
            self._wake.wait(min(left, 0.05))

    def _probe(self) -> bool:
        f: Future[Any]
        if self.probeContract is None:
            f = self.ib.reqCurrentTimeFuture()
        else:
            self._last_hist_probe = time.monotonic()
            f = self.ib.reqHistoricalDataFuture(self.probeContract, "", "30 S", "5 secs", "MIDPOINT", False)
        try:
            answer = f.result(self.probeTimeout)
        except Exception as e:  # noqa: BLE001 - a timeout, a refused request, a lost connection: the app is not well
            logger.info("probe failed: %r", e)
            return False
        return bool(answer)

    def _run(self) -> None:
        ib = self.ib
        while not self._stopping.is_set():
            self._trouble = ""
            self._wake.clear()
            subscribed = False
            try:
                self._ctl.start()
                self._pause(self.appStartupTime)
                if self._stopping.is_set():
                    break
                ib.connect(self.host, self.port, self.clientId, self.connectTimeout, self.readonly, self.account,
                           reconnect=False)
                if self._stopping.is_set():
                    break
                ib.errorEvent += self._onError
                ib.disconnectedEvent += self._onDisconnected
                subscribed = True
                if not ib.isConnected():
                    raise _Restart("disconnected")
                self.startedEvent.emit(self)
                while not self._stopping.is_set():
                    wait = self.appTimeout
                    if self.probeContract is not None:
                        wait = max(wait, self._last_hist_probe + self.HistoricalProbeSpacing - time.monotonic())
                    self._pause(wait)
                    if self._stopping.is_set():
                        break
                    logger.debug("soft timeout: probing")
                    self.softTimeoutEvent.emit(self)
                    if not self._probe():
                        if self._stopping.is_set():
                            break
                        if self._trouble:
                            raise _Restart(self._trouble)
                        self.hardTimeoutEvent.emit(self)
                        raise _Restart("hard timeout: the probe was not answered")
            except _Restart as e:
                logger.warning("restarting the app: %s", e)
            except (ConnectionError, TimeoutError) as e:
                if not self._stopping.is_set():
                    logger.info("could not connect: %s", e)
            except Exception:
                logger.exception("watchdog cycle failed")
            finally:
                if subscribed:
                    ib.errorEvent -= self._onError
                    ib.disconnectedEvent -= self._onDisconnected
                ib.disconnect()
                try:
                    self._ctl.terminate()
                except Exception:
                    logger.exception("terminating the app failed")
                self.stoppedEvent.emit(self)
            self._stopping.wait(self.retryDelay)
        logger.info("stopped")
