public class BankLedger
{
    private readonly List<decimal> entries = new List<decimal>();
    private bool open;

    public void Open()
    {
        if (open) throw new InvalidOperationException("Ledger already open");
        open = true;
    }

    public void Close()
    {
        EnsureOpen();
        open = false;
        entries.Clear();
    }

    public decimal Balance
    {
        get
        {
            EnsureOpen();
            return entries.Sum();
        }
    }

    public void Deposit(decimal amount)
    {
        EnsureOpen();
        if (amount <= 0) throw new ArgumentOutOfRangeException(nameof(amount), "Deposits must be positive");
        entries.Add(amount);
    }

    public void Withdraw(decimal amount)
    {
        EnsureOpen();
        if (amount <= 0) throw new ArgumentOutOfRangeException(nameof(amount), "Withdrawals must be positive");
        if (amount > Balance) throw new InvalidOperationException("Insufficient funds");
        entries.Add(-amount);
    }

    public IReadOnlyList<decimal> History => entries.AsReadOnly();

    private void EnsureOpen()
    {
        if (!open) throw new InvalidOperationException("Ledger is closed");
    }
}
