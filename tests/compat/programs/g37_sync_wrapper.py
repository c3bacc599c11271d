# ibapi 10.37+: the synchronous wrapper
import sys
from decimal import Decimal

from ibapi.contract import Contract
from ibapi.order import Order
from ibapi.sync_wrapper import TWSSyncWrapper

app = TWSSyncWrapper(timeout=10)
print("connected", app.connect_and_start("127.0.0.1", int(sys.argv[1]), 25))
print("time", app.get_current_time() > 0)
c = Contract()
c.symbol, c.secType, c.exchange, c.currency = "MSFT", "STK", "SMART", "USD"
print("details", [d.contract.conId for d in app.get_contract_details(c)])
bars = app.get_historical_data(c, "", "1 D", "1 hour", "MIDPOINT", False, 1)
print("bars", len(bars))
snap = app.get_market_data_snapshot(c)
print("snapshot", "BID" in snap and "ASK" in snap)
o = Order()
o.action, o.orderType, o.totalQuantity = "BUY", "MKT", Decimal(5)
status = app.place_order_sync(c, o)
print("order", status["status"], sorted(status)[:3])
positions = app.get_positions()
print("positions", {acct: [(p["contract"].symbol, str(p["position"])) for p in items] for acct, items in positions.items()})
summary = app.get_account_summary("NetLiquidation,BuyingPower")
print("summary", {acct: sorted(tags) for acct, tags in summary.items()})
try:
    bad = Contract()
    bad.symbol = "NOSUCH"
    app.get_contract_details(bad)
except Exception as e:
    print("refused", type(e).__name__, e.args[1])
app.disconnect_and_stop()
