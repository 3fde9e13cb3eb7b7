using System;
using Xunit;

public class BankLedgerTests : IDisposable
{
    private readonly BankLedger ledger;

    public BankLedgerTests()
    {
        ledger = new BankLedger();
        ledger.Open();
    }

    public void Dispose()
    {
        // every test gets a fresh ledger: closing it here must always work
        ledger.Close();
    }

    [Fact]
    public void New_ledger_has_zero_balance()
    {
        Assert.Equal(0m, ledger.Balance);
    }

    [Fact]
    public void Deposit_increases_balance()
    {
        ledger.Deposit(10.25m);
        Assert.Equal(10.25m, ledger.Balance);
    }

    [Theory]
    [InlineData(100, 30, 70)]
    [InlineData(5.5, 5.5, 0)]
    [InlineData(0.1, 0.05, 0.05)]
    public void Withdraw_decreases_balance(decimal deposit, decimal withdraw, decimal expected)
    {
        ledger.Deposit(deposit);
        ledger.Withdraw(withdraw);
        Assert.Equal(expected, ledger.Balance, 2);
    }

    [Fact]
    public void Cannot_overdraw()
    {
        ledger.Deposit(1);
        var ex = Assert.Throws<InvalidOperationException>(() => ledger.Withdraw(2));
        Assert.Equal("Insufficient funds", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Rejects_non_positive_deposits(int amount)
    {
        Assert.Throws<ArgumentOutOfRangeException>("amount", () => ledger.Deposit(amount));
    }

    [Fact]
    public void Opening_twice_fails()
    {
        Assert.ThrowsAny<InvalidOperationException>(() => ledger.Open());
    }

    [Fact]
    public void History_keeps_every_entry()
    {
        ledger.Deposit(3);
        ledger.Withdraw(1);
        Assert.Collection(ledger.History,
            first => Assert.Equal(3m, first),
            second => Assert.Equal(-1m, second));
    }
}
