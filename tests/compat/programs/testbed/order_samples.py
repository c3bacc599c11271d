# sample orders of a 10.1x-10.2x Testbed-style program: Decimal is not imported here, it came with
# `from ibapi.common import *` in those releases (our own module, written for the tests)
from ibapi.common import *  # noqa: F403
from ibapi.order import Order


class OrderSamples:
    @staticmethod
    def LimitOrder(action, quantity, limitPrice):
        order = Order()
        order.action = action
        order.orderType = "LMT"
        order.totalQuantity = Decimal(quantity)  # noqa: F405
        order.lmtPrice = limitPrice
        return order
