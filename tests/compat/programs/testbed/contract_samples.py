# sample contracts of a 10.1x-10.2x Testbed-style program (our own, written for the tests)
from ibapi.contract import *  # noqa: F403 -- the samples took Contract (and more) through the star import


class ContractSamples:
    @staticmethod
    def EurUsdFx():
        contract = Contract()  # noqa: F405
        contract.symbol = "EUR"
        contract.secType = "CASH"
        contract.currency = "USD"
        contract.exchange = "IDEALPRO"
        return contract

    @staticmethod
    def USStock():
        contract = Contract()  # noqa: F405
        contract.symbol = "IBM"
        contract.secType = "STK"
        contract.currency = "USD"
        contract.exchange = "SMART"
        return contract
