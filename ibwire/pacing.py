"""IB's historical-data pacing, in one place: the facade (``ib.historyPacing``) and ``ibwire history`` use it.

The rules (IB's "historical data limitations"): no identical request within 15 s; at most 5 requests
("six or more" is the violation) for one contract, exchange and what-to-show within 2 s; at most 60 in
any 10 minutes; a BID_ASK request counts twice. TWS also refuses more than 50 messages a second from a
client (error 100), which a caller may cap here too (``rate``).

TWS applies the rules at the moment it stamps a request, somewhere between the client's send and its
answer, so the pacer counts each request at the latest moment TWS can have stamped it: now (or its
planned send time, if later) while it is in flight, the answer's arrival once answered. (Counting the
send time instead is what makes a gateway busy answering earlier requests see six within two seconds.)
"""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Callable, Hashable

__all__ = ["Pacer", "Ticket"]


class Ticket:
    """One request as the pacer counts it: in flight (TWS may stamp it any time from ``at``, its send,
    up to now) or answered (TWS stamped it by ``at``, the answer's arrival). ``delay``: how long after
    its booking the request may be sent."""

    __slots__ = ("key", "burst_key", "cost", "at", "answered", "delay")

    def __init__(self, key: Hashable, burst_key: Hashable, cost: int, at: float, delay: float = 0.0) -> None:
        self.key, self.burst_key, self.cost, self.at, self.answered = key, burst_key, cost, at, False
        self.delay = delay


class Pacer:
    """When each historical request may go, so that IB's pacing rules hold.

    Knobs (plain attributes, adjustable at any time; a rule whose limit is 0 is off):

    * ``identical`` -- seconds between two requests with the same ``key`` (15);
    * ``burst`` requests per ``burst_key`` (contract, exchange, what to show) in any ``burst_window``
      seconds (5 in 2);
    * ``count`` requests in any ``window`` seconds (60 in 600);
    * ``rate`` requests in any second (TWS's 50 messages a second; not scaled; 0: off);
    * ``scale`` multiplies the windows (a simulator started with ``--history-pacing-scale``);
    * ``margin`` (a fraction of each window) plus ``slack`` seconds keep clear of the edges.

    A ``cost`` of 2 counts a BID_ASK request twice, as IB does. Use ``wait(...)`` (how long a request
    must still wait) then ``sent(...)`` when it goes, or ``reserve(...)`` to do both at once for a
    request sent after the ticket's ``delay``; ``answered(ticket)`` when its answer arrives. ``clock``
    is injectable: the rules are tested on a fake clock, instantly. Thread-safe.
    """

    def __init__(self, scale: float = 1.0, clock: Callable[[], float] = time.monotonic, *,
                 identical: float = 15.0, burst: int = 5, burst_window: float = 2.0, count: int = 60,
                 window: float = 600.0, rate: int = 45, margin: float = 0.01, slack: float = 0.02) -> None:
        self.clock = clock
        self.scale = scale
        self.identical = identical
        self.burst, self.burst_window = burst, burst_window
        self.count, self.window = count, window
        self.rate = rate
        self.margin, self.slack = margin, slack
        self._lock = threading.RLock()
        self._sent: list[Ticket] = []

    def span(self, seconds: float, scaled: bool = True) -> float:
        """A rule's window as the pacer keeps it: scaled, with the margin and slack (0 stays 0: off)."""
        if seconds <= 0:
            return 0.0
        return seconds * (self.scale if scaled else 1.0) * (1.0 + self.margin) + self.slack

    def wait(self, key: Hashable, burst_key: Hashable, cost: int = 1, earliest: float = 0.0) -> float:
        """Seconds until a request may go (0: now)."""
        with self._lock:
            now = self.clock()
            return self._when(now, key, burst_key, cost, earliest) - now

    def sent(self, key: Hashable, burst_key: Hashable, cost: int = 1) -> Ticket:
        """Book a request sent now; the ticket to pass to :meth:`answered`."""
        with self._lock:
            ticket = Ticket(key, burst_key, cost, self.clock())
            self._sent.append(ticket)
            return ticket

    def reserve(self, key: Hashable, burst_key: Hashable = None, cost: int = 1) -> Ticket:
        """Book a request to be sent after ``ticket.delay`` seconds, the earliest the rules allow."""
        with self._lock:
            now = self.clock()
            at = self._when(now, key, burst_key, cost, 0.0)
            ticket = Ticket(key, burst_key, cost, at, at - now)
            self._sent.append(ticket)
            return ticket

    def answered(self, ticket: Ticket) -> None:
        """The request's answer arrived (or it failed): TWS stamped it by now."""
        with self._lock:
            if not ticket.answered:
                ticket.at, ticket.answered = max(ticket.at, self.clock()), True

    @staticmethod
    def _time(x: Ticket, now: float) -> float:
        return x.at if x.answered else max(x.at, now)

    def _when(self, now: float, key: Hashable, burst_key: Hashable, cost: int, earliest: float) -> float:
        identical = self.span(self.identical)
        burst_window, window = self.span(self.burst_window), self.span(self.window)
        rate_window = self.span(1.0, scaled=False)
        horizon = now - max(identical, burst_window, window, rate_window)
        self._sent = sent = [x for x in self._sent if not x.answered or x.at > horizon]
        at = max(now, earliest)
        if identical:
            same = [self._time(x, now) for x in sent if x.key == key]
            if same:
                at = max(at, max(same) + identical)
        if self.burst > 0 and burst_window:
            times = sorted(t for x in sent if x.burst_key == burst_key for t in [self._time(x, now)] * x.cost)
            at = _fit(times, at, self.burst, burst_window, cost)
        if self.count > 0 and window:
            times = sorted(t for x in sent for t in [self._time(x, now)] * x.cost)
            at = _fit(times, at, self.count, window, cost)
        if self.rate > 0:
            at = _fit(sorted(self._time(x, now) for x in sent), at, self.rate, rate_window, 1)
        return at


def _fit(times: list[float], at: float, limit: int, window: float, cost: int) -> float:
    """The earliest time ``T >= at`` at which ``cost`` more entries keep at most ``limit`` in every window
    ``(s - window, s]`` that holds ``T`` (``times``: sorted; some may lie after ``at``, requests booked to
    go later)."""
    cost = min(cost, limit)  # (a request that alone exceeds the rule can only go into an empty window)
    for t_ in sorted({at, *(t + window for t in times if t + window > at)}):
        # the windows holding T end in [T, T + window): their counts peak at T or at an entry after T
        ends = [t_, *(t for t in times if t_ < t < t_ + window)]
        if all(bisect.bisect_right(times, s) - bisect.bisect_right(times, s - window) + cost <= limit
               for s in ends):
            return t_
    return at  # (not reached: after the last entry's window there is room)
