class BankAccount {
    private int balance;
    private boolean open;

    synchronized void open() throws BankAccountActionInvalidException {
        if (open) {
            throw new BankAccountActionInvalidException("Account already open");
        }
        open = true;
        balance = 0;
    }

    synchronized void close() throws BankAccountActionInvalidException {
        if (!open) {
            throw new BankAccountActionInvalidException("Account not open");
        }
        open = false;
    }

    synchronized int getBalance() throws BankAccountActionInvalidException {
        checkOpen();
        return balance;
    }

    synchronized void deposit(int amount) throws BankAccountActionInvalidException {
        checkOpen();
        if (amount <= 0) {
            throw new IllegalArgumentException("Cannot deposit or withdraw negative amount");
        }
        balance += amount;
    }

    synchronized void withdraw(int amount) throws BankAccountActionInvalidException {
        checkOpen();
        if (amount <= 0) {
            throw new IllegalArgumentException("Cannot deposit or withdraw negative amount");
        }
        if (amount > balance) {
            throw new BankAccountActionInvalidException("Cannot withdraw more money than is currently in the account");
        }
        balance -= amount;
    }

    private void checkOpen() throws BankAccountActionInvalidException {
        if (!open) {
            throw new BankAccountActionInvalidException("Account closed");
        }
    }
}
