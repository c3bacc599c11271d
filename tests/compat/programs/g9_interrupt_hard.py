# ibapi 9.8x: Ctrl-C while run() delivers. The loop calls keyboardInterrupt() and keyboardInterruptHard() and
# goes on delivering; the sixth press raises SystemExit out of run(). (The program presses Ctrl-C itself, once
# per answer of reqCurrentTime.)
import os
import signal
import sys

from ibapi.client import EClient
from ibapi.wrapper import EWrapper


class App(EWrapper, EClient):
    def __init__(self):
        EWrapper.__init__(self)
        EClient.__init__(self, self)
        self.presses = 0

    def error(self, reqId, errorCode, errorString):
        if errorCode not in (2104, 2106, 2158):
            print("error", reqId, errorCode, errorString)

    def nextValidId(self, orderId):
        self.reqCurrentTime()

    def currentTime(self, time):
        print("time", time > 1700000000)
        os.kill(os.getpid(), signal.SIGINT)

    def keyboardInterrupt(self):
        self.presses += 1
        print("keyboardInterrupt", self.presses, "connected", self.isConnected())
        self.reqCurrentTime()


app = App()
app.connect("127.0.0.1", int(sys.argv[1]), 5)
try:
    app.run()
    print("run returned")
except SystemExit:
    print("SystemExit after", app.presses, "presses; connected", app.isConnected())
