"""Oracle script: decode frames with the official decoder and print the callbacks.

stdin: JSON list of [serverVersion, hex frame body]. Prints a list (one per
frame) of the callbacks fired, each [name, [repr-ish args]].
"""

import json
import sys
from decimal import Decimal

from ibapi import comm
from ibapi.decoder import Decoder
from ibapi.wrapper import EWrapper
from ibapi.utils import BadMessage


def norm(v):
    if isinstance(v, bool) or v is None or isinstance(v, (int, str)):
        return v
    if isinstance(v, float):
        return ["float", repr(v)]
    if isinstance(v, Decimal):
        return ["Decimal", str(v)]
    if hasattr(v, "SerializeToString"):
        return ["proto", type(v).__name__, v.SerializeToString(deterministic=True).hex()]
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    if isinstance(v, (set, frozenset)):
        return ["set", sorted(norm(x) for x in v)]
    if hasattr(v, "name") and hasattr(v, "value") and type(v).__mro__[-2].__name__ == "Enum":
        return ["enum", type(v).__name__, v.name]
    if hasattr(v, "__dict__"):
        return [type(v).__name__, {k: norm(x) for k, x in sorted(vars(v).items())}]
    return [type(v).__name__, str(v)]


class Rec:
    def __init__(self):
        self.out = []

    def __getattr__(self, name):
        if not hasattr(EWrapper, name):
            raise AttributeError(name)

        def f(*args):
            self.out.append([name, [norm(a) for a in args]])

        return f


results = []
decoders = {}
for sv, hexbody in json.load(sys.stdin):
    body = bytes.fromhex(hexbody)
    rec = Rec()
    # building a Decoder inspects every wrapper method: make one per version
    dec = decoders.get(sv)
    if dec is None:
        dec = decoders[sv] = Decoder(rec, sv)
    dec.wrapper = rec
    try:
        if sv >= 201:
            msg_id = int.from_bytes(body[:4], "big")
            text = body[4:]
        else:
            i = body.index(b"\0")
            msg_id = int(body[:i])
            text = body[i + 1 :]
        if msg_id > 200:
            dec.processProtoBuf(text, msg_id - 200)
        else:
            dec.interpret(comm.read_fields(text), msg_id)
    except BadMessage:
        rec.out.append(["<BadMessage>", []])
    except Exception as e:  # noqa: BLE001 - any failure counts as "not decoded"
        rec.out.append(["<BadMessage>", [type(e).__name__]])
    results.append(rec.out)
print(json.dumps(results))
