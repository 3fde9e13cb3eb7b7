import threading
import unittest

from bank_account import (
    BankAccount,
)


class BankAccountTest(unittest.TestCase):
    def setUp(self):
        self.account = BankAccount()

    def test_newly_opened_account_has_zero_balance(self):
        self.account.open()
        self.assertEqual(self.account.get_balance(), 0)

    def test_single_deposit(self):
        self.account.open()
        self.account.deposit(100)
        self.assertEqual(self.account.get_balance(), 100)

    def test_multiple_deposits(self):
        self.account.open()
        self.account.deposit(100)
        self.account.deposit(50)
        self.assertEqual(self.account.get_balance(), 150)

    def test_withdraw_once(self):
        self.account.open()
        self.account.deposit(100)
        self.account.withdraw(75)
        self.assertEqual(self.account.get_balance(), 25)

    def test_cannot_withdraw_more_than_deposited(self):
        self.account.open()
        self.account.deposit(25)
        with self.assertRaises(ValueError) as err:
            self.account.withdraw(50)
        self.assertEqual(type(err.exception), ValueError)
        self.assertEqual(err.exception.args[0], "amount must be less than balance")

    def test_cannot_deposit_into_closed_account(self):
        self.account.open()
        self.account.close()
        with self.assertRaises(ValueError) as err:
            self.account.deposit(50)
        self.assertEqual(err.exception.args[0], "account not open")

    def test_cannot_open_an_already_opened_account(self):
        self.account.open()
        with self.assertRaisesRegex(ValueError, "already open"):
            self.account.open()

    def test_cannot_deposit_negative(self):
        self.account.open()
        with self.assertRaises(ValueError) as err:
            self.account.deposit(-50)
        self.assertEqual(err.exception.args[0], "amount must be greater than 0")

    def test_can_handle_concurrent_transactions(self):
        self.account.open()
        self.account.deposit(1000)

        def transact():
            for _ in range(100):
                self.account.deposit(5)
                self.account.withdraw(5)

        threads = [threading.Thread(target=transact) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(self.account.get_balance(), 1000)
