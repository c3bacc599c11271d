"""Decoder: frames to callbacks, bound to a server version (ibwire's table-driven decoder)."""

from __future__ import annotations

from decimal import Decimal  # noqa: F401
from typing import Any

from ibwire.model import *  # noqa: F401,F403
from ibwire.protocol.ids import PROTOBUF_MSG_ID  # noqa: F401
from .message import IN, OUT  # noqa: F401
from ibwire.protocol.messages import Decoder as _Decoder
from .server_versions import *  # noqa: F401,F403

from ._protos import *  # noqa: F401,F403
from .commission_report import CommissionReport  # noqa: F401
from .common import *  # noqa: F401,F403
from .ticktype import TickType, TickTypeEnum  # noqa: F401
from .utils import *  # noqa: F401,F403
from .errors import BAD_MESSAGE, UNKNOWN_ID  # noqa: F401
from .orderdecoder import OrderDecoder  # noqa: F401
from .wrapper import EWrapper, logAnswer  # noqa: F401


class HandleInfo:
    def __init__(self, wrap: Any = None, proc: Any = None) -> None:
        self.wrapperMeth = wrap
        self.processMeth = proc


class Decoder:
    """``Decoder(wrapper, serverVersion)``; ``interpret(fields_or_body)`` delivers one message."""

    def __init__(self, wrapper: Any, serverVersion: int) -> None:
        self.wrapper = wrapper
        self.serverVersion = serverVersion
        self._dec = _Decoder(serverVersion)

    def interpret(self, fields: Any, msgId: int = 0) -> None:
        body = fields if isinstance(fields, (bytes, bytearray)) else b"\0".join(fields) + b"\0"
        for name, args in self._dec.decode(bytes(body)):
            getattr(self.wrapper, name)(*args)
