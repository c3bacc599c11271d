"""Contract helpers: ``Stock("AAPL", "SMART", "USD")`` and friends, each a :class:`~ibwire.model.Contract` of its kind.

Each is a subclass of the model's ``Contract`` (requests encode it like any contract) with ib_async's
constructor (the positional order of its arguments), security type, compact repr of the fields that are
set (``Stock(symbol='AAPL', exchange='SMART', currency='USD')``), and equality and hash by ``conId``.

One deliberate difference: ``Stock`` keeps ibwire's default exchange and currency (SMART, USD) where
ib_async leaves them empty, so ``Stock("AAPL")`` is a contract TWS can route and quote; given explicitly,
every argument means what it means in ib_async.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..model import Contract, ContractDetails
from ..model.const import UNSET_DOUBLE
from ._data import DataMixin, dataclassNonDefaults
from .objects import _compact_repr

__all__ = ["Stock", "Option", "Future", "ContFuture", "Forex", "Index", "CFD", "Commodity", "Bond",
           "FuturesOption", "MutualFund", "Warrant", "Bag", "Crypto"]


def _leg_key(leg: Any) -> tuple[Any, ...]:
    return (leg.conId, leg.ratio, leg.action, leg.exchange, leg.openClose, leg.shortSaleSlot,
            leg.designatedLocation, leg.exemptCode)


def _compare_key(c: Contract) -> dict[str, Any]:
    """The fields of a contract as comparable values (legs by value, an unset strike as 0)."""
    d = {name: getattr(c, name) for name in c.__dataclass_fields__}
    if d["strike"] == UNSET_DOUBLE:
        d["strike"] = 0.0
    d["comboLegs"] = [_leg_key(leg) for leg in c.comboLegs or ()]
    dn = c.deltaNeutralContract
    d["deltaNeutralContract"] = None if dn is None else (dn.conId, dn.delta, dn.price)
    return d


class _Kind(DataMixin, Contract):
    """What the contract helpers share: their repr, equality and hash."""

    #: defaults as ib_async's (no strike is 0.0) that ``nonDefaults()`` and the repr leave out
    _shown_defaults: ClassVar[dict[str, Any]] = {"strike": 0.0}

    def __init__(self, kind: str, /, **kwargs: Any) -> None:
        kwargs.pop("secType", None)  # dataclasses.replace passes it again
        # "no strike" is 0.0, as ib_async shows it (the model's default is the API's unset double; both encode
        # as no strike): helpers and the contracts the facade hands out (recreated from the wire) show 0.0
        strike = kwargs.get("strike")
        if strike is None or strike == UNSET_DOUBLE:
            kwargs["strike"] = 0.0
        Contract.__init__(self, secType=kind, **kwargs)

    def _repr_fields(self) -> dict[str, Any]:
        attrs = dataclassNonDefaults(self)
        attrs.pop("secType", None)
        if attrs.get("strike") in (0.0, UNSET_DOUBLE):
            del attrs["strike"]
        return attrs

    def __repr__(self) -> str:
        return _compact_repr(self, self._repr_fields())

    __str__ = __repr__

    def isHashable(self) -> bool:
        """Whether the contract has a conId to be hashed by (a combo hashes by its legs instead)."""
        return bool(self.conId)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Contract):
            return NotImplemented
        if self.conId and self.conId == other.conId:
            return True
        return _compare_key(self) == _compare_key(other)

    def __hash__(self) -> int:
        if self.secType == "BAG":
            legs = sorted((_leg_key(leg) for leg in self.comboLegs or ()), key=lambda k: k[0])
            return hash((*legs, self.symbol, self.exchange))
        if not self.conId:
            raise ValueError(f"Contract {self!r} can't be hashed because no 'conId' value exists. "
                             "Qualify contract to populate 'conId'.")
        return -self.conId if self.secType == "CONTFUT" else self.conId


class Stock(_Kind):
    def __init__(self, symbol: str = "", exchange: str = "SMART", currency: str = "USD", **kwargs: Any) -> None:
        """A stock or ETF (exchange and currency default to SMART and USD: ib_async leaves them empty)."""
        super().__init__("STK", symbol=symbol, exchange=exchange, currency=currency, **kwargs)


class Option(_Kind):
    def __init__(self, symbol: str = "", lastTradeDateOrContractMonth: str = "", strike: float = 0.0,
                 right: str = "", exchange: str = "", multiplier: str = "", currency: str = "",
                 **kwargs: Any) -> None:
        """An option (expiry as YYYYMM or YYYYMMDD, right 'C'/'P')."""
        super().__init__("OPT", symbol=symbol, lastTradeDateOrContractMonth=lastTradeDateOrContractMonth,
                         strike=strike, right=right, exchange=exchange, multiplier=multiplier, currency=currency,
                         **kwargs)


class Future(_Kind):
    def __init__(self, symbol: str = "", lastTradeDateOrContractMonth: str = "", exchange: str = "",
                 localSymbol: str = "", multiplier: str = "", currency: str = "", **kwargs: Any) -> None:
        """A future (expiry as YYYYMM or YYYYMMDD)."""
        super().__init__("FUT", symbol=symbol, lastTradeDateOrContractMonth=lastTradeDateOrContractMonth,
                         exchange=exchange, localSymbol=localSymbol, multiplier=multiplier, currency=currency,
                         **kwargs)


class ContFuture(_Kind):
    def __init__(self, symbol: str = "", exchange: str = "", localSymbol: str = "", multiplier: str = "",
                 currency: str = "", **kwargs: Any) -> None:
        """A continuous future (for data: the front contract, rolled over)."""
        super().__init__("CONTFUT", symbol=symbol, exchange=exchange, localSymbol=localSymbol,
                         multiplier=multiplier, currency=currency, **kwargs)


class Forex(_Kind):
    def __init__(self, pair: str = "", exchange: str = "IDEALPRO", symbol: str = "", currency: str = "",
                 **kwargs: Any) -> None:
        """A currency pair: ``Forex("EURUSD")`` is base EUR quoted in USD."""
        if pair:
            if len(pair) != 6:
                raise ValueError(f"a currency pair has six letters, not {pair!r}")
            symbol = symbol or pair[:3]
            currency = currency or pair[3:]
        super().__init__("CASH", symbol=symbol, exchange=exchange, currency=currency, **kwargs)

    def __repr__(self) -> str:
        attrs = self._repr_fields()
        args = []
        if "symbol" in attrs and "currency" in attrs:
            args.append(repr(attrs.pop("symbol") + attrs.pop("currency")))
        args += [f"{k}={v!r}" for k, v in attrs.items()]
        return f"Forex({', '.join(args)})"

    __str__ = __repr__

    def pair(self) -> str:
        """The pair's short name, base then quote currency (``"EURUSD"``)."""
        return self.symbol + self.currency


class Index(_Kind):
    def __init__(self, symbol: str = "", exchange: str = "", currency: str = "", **kwargs: Any) -> None:
        """An index."""
        super().__init__("IND", symbol=symbol, exchange=exchange, currency=currency, **kwargs)


class CFD(_Kind):
    def __init__(self, symbol: str = "", exchange: str = "", currency: str = "", **kwargs: Any) -> None:
        """A contract for difference."""
        super().__init__("CFD", symbol=symbol, exchange=exchange, currency=currency, **kwargs)


class Commodity(_Kind):
    def __init__(self, symbol: str = "", exchange: str = "", currency: str = "", **kwargs: Any) -> None:
        """A commodity (spot metals and the like)."""
        super().__init__("CMDTY", symbol=symbol, exchange=exchange, currency=currency, **kwargs)


class Bond(_Kind):
    def __init__(self, **kwargs: Any) -> None:
        """A bond (usually by ``secIdType``/``secId`` or ``conId``)."""
        super().__init__("BOND", **kwargs)


class FuturesOption(_Kind):
    def __init__(self, symbol: str = "", lastTradeDateOrContractMonth: str = "", strike: float = 0.0,
                 right: str = "", exchange: str = "", multiplier: str = "", currency: str = "",
                 **kwargs: Any) -> None:
        """An option on a future."""
        super().__init__("FOP", symbol=symbol, lastTradeDateOrContractMonth=lastTradeDateOrContractMonth,
                         strike=strike, right=right, exchange=exchange, multiplier=multiplier, currency=currency,
                         **kwargs)


class MutualFund(_Kind):
    def __init__(self, **kwargs: Any) -> None:
        """A mutual fund."""
        super().__init__("FUND", **kwargs)


class Warrant(_Kind):
    def __init__(self, **kwargs: Any) -> None:
        """A warrant."""
        super().__init__("WAR", **kwargs)


class Bag(_Kind):
    def __init__(self, **kwargs: Any) -> None:
        """A combo of legs (``comboLegs``)."""
        super().__init__("BAG", **kwargs)


class Crypto(_Kind):
    def __init__(self, symbol: str = "", exchange: str = "", currency: str = "", **kwargs: Any) -> None:
        """A crypto currency."""
        super().__init__("CRYPTO", symbol=symbol, exchange=exchange, currency=currency, **kwargs)


#: the helper class of each security type, as ib_async's ``Contract.create`` picks it
KINDS: dict[str, type[Contract]] = {
    "STK": Stock, "OPT": Option, "FUT": Future, "CONTFUT": ContFuture, "CASH": Forex, "IND": Index, "CFD": CFD,
    "BOND": Bond, "CMDTY": Commodity, "FOP": FuturesOption, "FUND": MutualFund, "WAR": Warrant, "IOPT": Warrant,
    "BAG": Bag, "CRYPTO": Crypto,
}


def as_shown(c: Contract) -> Contract:
    """A contract the facade hands out, in place, with ib_async's "no strike": an unset strike reads 0.0."""
    if c.strike == UNSET_DOUBLE:
        c.strike = 0.0
    return c


def details_as_shown(d: ContractDetails) -> ContractDetails:
    """Contract details the facade hands out, in place, as ib_async shows them: its contract's unset strike
    0.0, an absent ``secIdList`` an empty list."""
    if d.contract is not None:
        as_shown(d.contract)
    if d.secIdList is None:
        d.secIdList = []
    return d


def create_contract(**kwargs: Any) -> Contract:
    """ib_async's ``Contract.create``: the helper class of ``secType`` (a plain Contract for any other)."""
    cls = KINDS.get(kwargs.get("secType", ""))
    if cls is None:
        c = Contract()
        for k, v in kwargs.items():
            setattr(c, k, v)
        return as_shown(c)
    kwargs.pop("secType")
    return cls(**kwargs)


def recreate_contract(c: Contract) -> Contract:
    """ib_async's ``Contract.recreate``: a contract as the helper class of its security type (a copy)."""
    return create_contract(**{name: getattr(c, name) for name in c.__dataclass_fields__})
