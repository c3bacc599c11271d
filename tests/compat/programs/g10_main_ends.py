# ibapi 10.1x-10.2x: run() on a daemon thread and a main thread that ends without disconnect(). The official
# reader thread is not a daemon, so the official process never ended; compat's program exits.
import sys
import threading

from ibapi.client import EClient
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)
        self.ready = threading.Event()

    def nextValidId(self, orderId):
        self.ready.set()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 10)
threading.Thread(target=app.run, daemon=True).start()
print("ready", app.ready.wait(10))
