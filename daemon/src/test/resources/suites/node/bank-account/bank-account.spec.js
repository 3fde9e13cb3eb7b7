import { beforeEach, describe, expect, test, xtest } from '@jest/globals';
import { BankAccount, ValueError } from './bank-account';

describe('Bank Account', () => {
  let account;

  beforeEach(() => {
    account = new BankAccount();
  });

  test('newly opened account has zero balance', () => {
    account.open();
    expect(account.balance).toEqual(0);
  });

  xtest('can deposit money', () => {
    account.open();
    account.deposit(100);
    expect(account.balance).toEqual(100);
  });

  xtest('can withdraw money', () => {
    account.open();
    account.deposit(100);
    account.withdraw(50);
    expect(account.balance).toEqual(50);
  });

  xtest('checking balance of closed account throws error', () => {
    account.open();
    account.close();
    expect(() => account.balance).toThrow(ValueError);
  });

  xtest('cannot withdraw more than deposited', () => {
    account.open();
    account.deposit(25);
    expect(() => account.withdraw(50)).toThrow(new ValueError());
  });

  xtest('cannot deposit negative', () => {
    account.open();
    expect(() => account.deposit(-100)).toThrow(ValueError);
  });

  xtest('can handle concurrent transactions', async () => {
    account.open();
    const work = Array.from({ length: 100 }, (_, i) =>
      Promise.resolve(i).then(() => {
        account.deposit(2);
        account.withdraw(1);
      }),
    );
    await Promise.all(work);
    expect(account.balance).toEqual(100);
  });
});
