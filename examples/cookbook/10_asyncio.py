"""The facade in an asyncio program: the ``*Async`` calls, concurrent requests, awaiting events.

    python examples/cookbook/10_asyncio.py --port 7497 --seconds 3 AAPL MSFT IBM

``await IB().connectAsync(...)`` connects without blocking the event loop; every blocking call ``reqX``
has ``reqXAsync``, so requests run concurrently with ``asyncio.gather``. Events can be iterated with
``async for`` (``event.aiter()`` subscribes at once, so nothing emitted after that line is missed) and
awaited. Handlers connected inside the loop run on the loop. A heartbeat task shows that the loop kept
running all along (its longest gap between beats). Nothing here needs nest_asyncio or ``util.startLoop()``.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from ibwire import IB, MarketOrder, Stock, Ticker, Trade


async def heartbeat(beats: list[float]) -> None:
    while True:
        beats.append(time.monotonic())
        await asyncio.sleep(0.05)


async def fill(ib: IB, contract: Stock, action: str, quantity: int) -> Trade:
    """Place a market order and await its end through the order status events."""
    statuses = ib.orderStatusEvent.aiter()  # subscribed now: before the order exists
    trade = ib.placeOrder(contract, MarketOrder(action, quantity))
    async for t in statuses:
        if t is trade and trade.isDone():
            break
    await statuses.aclose()
    return trade


async def main(args: argparse.Namespace) -> None:
    beats: list[float] = []
    beat_task = asyncio.create_task(heartbeat(beats))

    ib = await IB().connectAsync(args.host, args.port, clientId=args.client_id)
    try:
        contracts = [Stock(s, "SMART", "USD") for s in args.symbols]
        await ib.qualifyContractsAsync(*contracts)

        t0 = time.monotonic()
        histories = await asyncio.gather(*(
            ib.reqHistoricalDataAsync(c, "", "1 D", "1 hour", "TRADES", True) for c in contracts))
        elapsed = time.monotonic() - t0
        for c, bars in zip(contracts, histories):
            print(f"{c.symbol}: {len(bars)} hourly bars, last close {bars[-1].close:.2f}")
        print(f"{len(contracts)} history requests together in {elapsed:.2f} s")

        tickers = await ib.reqTickersAsync(*contracts)
        print("snapshot: " + ", ".join(f"{c.symbol} {t.marketPrice():.2f}" for c, t in zip(contracts, tickers)))

        # streaming: count the updates per symbol for a while, with a handler that runs on this loop
        updates = {c.symbol: 0 for c in contracts}

        def on_tickers(batch: set[Ticker]) -> None:
            for t in batch:
                if t.contract is not None:
                    updates[t.contract.symbol] += 1

        ib.pendingTickersEvent += on_tickers
        for c in contracts:
            ib.reqMktData(c)
        await asyncio.sleep(args.seconds)
        ib.pendingTickersEvent -= on_tickers
        for c in contracts:
            ib.cancelMktData(c)
        print("streamed updates: " + ", ".join(f"{s} {n}" for s, n in updates.items()))

        buy = await asyncio.wait_for(fill(ib, contracts[0], "BUY", 10), 15)
        sell = await asyncio.wait_for(fill(ib, contracts[0], "SELL", 10), 15)
        print(f"round trip {contracts[0].symbol}: bought at {buy.orderStatus.avgFillPrice:.2f} "
              f"({buy.orderStatus.status}), sold at {sell.orderStatus.avgFillPrice:.2f} ({sell.orderStatus.status})")
        now = await ib.reqCurrentTimeAsync()
        print(f"server time {now:%Y-%m-%d %H:%M:%S %Z}")
    finally:
        ib.disconnect()
        beat_task.cancel()
    gap = max(b - a for a, b in zip(beats, beats[1:]))
    print(f"heartbeats: {len(beats)}, longest gap {gap:.2f} s (the loop was never blocked)")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description="The facade in an asyncio program.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7497)
    ap.add_argument("--client-id", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=3.0, help="how long to stream quotes")
    ap.add_argument("symbols", nargs="*", default=["AAPL", "MSFT", "IBM"])
    asyncio.run(main(ap.parse_args()))
