"""``IB``: a connection that keeps itself in sync, with blocking calls, futures and awaitables.

Threads at the core: the connection's dispatch thread runs the wrapper below,
which updates the live state (positions, portfolio, account values, trades,
fills, tickers) and completes the futures of pending requests. Every call
has one implementation, ``ib.reqXFuture(...)``, and two more faces:
``ib.reqX(...)`` waits for it (the request timeout bounds the wait) and
``await ib.reqXAsync(...)`` awaits it on any running event loop (asyncio
scripts, Jupyter; no nest_asyncio: ``connectAsync`` connects on a thread of
its own and every awaitable wraps the call's Future). Every request ends with
its result, a :class:`RequestError` (carrying TWS's code and text; or, with
``RaiseRequestErrors = False``, ib_async's empty result), a ``TimeoutError``
or a ``ConnectionError`` -- never a hang.

Event handlers connected outside an event loop run on the dispatch thread;
a blocking call made there would wait for itself and raises instead (use the
Future variant). Handlers connected from inside a running loop run on that
loop. A blocking call made on a loop's thread (a coroutine, a Jupyter cell)
works -- it holds up that loop until the answer is in, while the dispatch
thread goes on delivering; ``await`` the ``Async`` variant to let the loop run.

``IB`` is a thin face over one module per concern: :mod:`.session`
(connection and sync), :mod:`.orders`, :mod:`.market`, :mod:`.account`,
:mod:`.reference`, :mod:`.history`, :mod:`.news`.
"""

from __future__ import annotations

from ..client import EClient
from ..wrapper import EWrapper
from . import events
from ._core import ConnectError, RequestError
from .objects import IBDefaults
from .account import AccountCallbacks, AccountMixin
from .history import HistoryCallbacks, HistoryMixin
from .market import MarketCallbacks, MarketMixin
from .news import NewsCallbacks, NewsMixin
from .orders import OrderCallbacks, OrdersMixin
from .reference import ReferenceCallbacks, ReferenceMixin
from .session import SessionCallbacks, SessionMixin

__all__ = ["IB", "RequestError", "ConnectError"]


class _Wrapper(SessionCallbacks, OrderCallbacks, MarketCallbacks, AccountCallbacks, ReferenceCallbacks,
               HistoryCallbacks, NewsCallbacks, EWrapper):
    """Callbacks into state and futures; runs on the dispatch thread."""

    def __init__(self, ib: IB) -> None:
        super().__init__()
        self.ib = ib


class _Client(EClient):
    """The connection's client: after each delivered batch, ``updateEvent``, then tickers that changed."""

    def __init__(self, wrapper: EWrapper, ib: IB) -> None:
        super().__init__(wrapper)
        self._ib = ib

    def run(self) -> None:
        events.defer_on_this_thread(self._ib._deferral)  # the facade's events, held with EventsOnWait
        super().run()

    def msgLoopRec(self) -> None:
        self._ib._on_batch()
        self._ib._after_batch()

    def msgLoopTmo(self) -> None:
        self._ib._on_idle()


class IB(SessionMixin, OrdersMixin, MarketMixin, AccountMixin, ReferenceMixin, HistoryMixin, NewsMixin):
    """One API connection, kept in sync. ``IB().connect(...)``, or ``with IB() as ib: ...``.

    ``defaults`` (:class:`IBDefaults`): the values shown for what TWS leaves empty, as ib_async.

    Events (ib_async's, with its arguments; see :mod:`.events` for where handlers run):
    ``connectedEvent()``, ``disconnectedEvent()``, ``updateEvent()`` (after each batch of messages),
    ``pendingTickersEvent(tickers)``, ``barUpdateEvent(bars, hasNewBar)``, ``newOrderEvent(trade)``,
    ``orderModifyEvent(trade)``, ``cancelOrderEvent(trade)``, ``openOrderEvent(trade)``,
    ``orderStatusEvent(trade)``, ``execDetailsEvent(trade, fill)``,
    ``commissionReportEvent(trade, fill, report)``, ``updatePortfolioEvent(item)``, ``positionEvent(position)``,
    ``accountValueEvent(value)``, ``accountSummaryEvent(value)``, ``pnlEvent(pnl)``, ``pnlSingleEvent(pnl)``,
    ``scannerDataEvent(data)``, ``tickNewsEvent(news)``, ``newsBulletinEvent(bulletin)``,
    ``wshMetaEvent(dataJson)``, ``wshEvent(dataJson)``, ``errorEvent(reqId, errorCode, errorString, contract)``
    (the contract the request was about, or None), ``timeoutEvent(idleSeconds)`` (see :meth:`setTimeout`).

    Switches (class attributes; set them on an instance for that connection only): ``RequestTimeout``,
    ``RaiseRequestErrors``, ``MaxSyncedSubAccounts``, ``TimezoneTWS``, ``ReconnectDelay``/``ReconnectMaxDelay``.
    """

    #: The names of IB's events, as ib_async has them.
    events = ("connectedEvent", "disconnectedEvent", "updateEvent", "pendingTickersEvent", "barUpdateEvent",
              "newOrderEvent", "orderModifyEvent", "cancelOrderEvent", "openOrderEvent", "orderStatusEvent",
              "execDetailsEvent", "commissionReportEvent", "updatePortfolioEvent", "positionEvent",
              "accountValueEvent", "accountSummaryEvent", "pnlEvent", "pnlSingleEvent", "scannerDataEvent",
              "tickNewsEvent", "newsBulletinEvent", "wshMetaEvent", "wshEvent", "errorEvent", "timeoutEvent")

    def __init__(self, defaults: IBDefaults | None = None) -> None:
        self.defaults = defaults if defaults is not None else IBDefaults()
        self.wrapper = _Wrapper(self)
        self.client = _Client(self.wrapper, self)
        super().__init__()
