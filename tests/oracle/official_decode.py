"""Oracle script: decode frames with the official decoder and print the callbacks.

stdin: JSON list of [serverVersion, hex frame body]. Prints a list (one per
frame) of the callbacks fired, each [name, [repr-ish args]].
"""

import json
import sys
from ibapi import comm
from ibapi.decoder import Decoder
from ibapi.wrapper import EWrapper
from ibapi.utils import BadMessage
from normalize import norm


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
