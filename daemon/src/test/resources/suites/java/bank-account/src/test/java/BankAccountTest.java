import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

public class BankAccountTest {
    private BankAccount bankAccount;

    @BeforeEach
    public void setUp() {
        bankAccount = new BankAccount();
    }

    @Test
    @DisplayName("Newly opened account has zero balance")
    public void newlyOpenedAccountHasEmptyBalance() throws BankAccountActionInvalidException {
        bankAccount.open();

        assertThat(bankAccount.getBalance()).isEqualTo(0);
    }

    @Disabled("Remove to run test")
    @Test
    @DisplayName("Single deposit")
    public void singleDeposit() throws BankAccountActionInvalidException {
        bankAccount.open();
        bankAccount.deposit(100);

        assertThat(bankAccount.getBalance()).isEqualTo(100);
    }

    @Disabled("Remove to run test")
    @Test
    @DisplayName("Multiple deposits")
    public void multipleDeposits() throws BankAccountActionInvalidException {
        bankAccount.open();
        bankAccount.deposit(100);
        bankAccount.deposit(50);

        assertThat(bankAccount.getBalance()).isEqualTo(150);
    }

    @Disabled("Remove to run test")
    @Test
    @DisplayName("Withdraw once")
    public void withdrawOnce() throws BankAccountActionInvalidException {
        bankAccount.open();
        bankAccount.deposit(100);
        bankAccount.withdraw(75);

        assertThat(bankAccount.getBalance()).isEqualTo(25);
    }

    @Disabled("Remove to run test")
    @Test
    @DisplayName("Cannot withdraw more than deposited")
    public void cannotWithdrawMoreThanWasDeposited() throws BankAccountActionInvalidException {
        bankAccount.open();
        bankAccount.deposit(25);

        assertThatExceptionOfType(BankAccountActionInvalidException.class)
                .isThrownBy(() -> bankAccount.withdraw(50))
                .withMessage("Cannot withdraw more money than is currently in the account");
    }

    @Disabled("Remove to run test")
    @Test
    @DisplayName("Cannot deposit a negative amount")
    public void cannotDepositNegativeAmount() throws BankAccountActionInvalidException {
        bankAccount.open();

        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> bankAccount.deposit(-50))
                .withMessage("Cannot deposit or withdraw negative amount");
    }

    @Disabled("Remove to run test")
    @Test
    @DisplayName("Cannot check the balance of a closed account")
    public void cannotGetBalanceOfClosedAccount() throws BankAccountActionInvalidException {
        bankAccount.open();
        bankAccount.deposit(10);
        bankAccount.close();

        assertThatExceptionOfType(BankAccountActionInvalidException.class)
                .isThrownBy(bankAccount::getBalance)
                .withMessage("Account closed");
    }

    @Disabled("Remove to run test")
    @Test
    @DisplayName("Cannot open an already opened account")
    public void cannotOpenAlreadyOpenedAccount() throws BankAccountActionInvalidException {
        bankAccount.open();

        assertThatExceptionOfType(BankAccountActionInvalidException.class)
                .isThrownBy(bankAccount::open)
                .withMessage("Account already open");
    }

    @Disabled("Remove to run test")
    @Test
    @DisplayName("Reopened account starts again at zero")
    public void reopenedAccountHasZeroBalance() throws BankAccountActionInvalidException {
        bankAccount.open();
        bankAccount.deposit(50);
        bankAccount.close();
        bankAccount.open();

        assertThat(bankAccount.getBalance()).isEqualTo(0);
    }

    @Disabled("Remove to run test")
    @Test
    @DisplayName("Can handle concurrent transactions")
    public void canHandleConcurrentTransactions() throws BankAccountActionInvalidException, InterruptedException {
        bankAccount.open();
        bankAccount.deposit(1000);

        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    for (int j = 0; j < 50; j++) {
                        bankAccount.deposit(5);
                        bankAccount.withdraw(5);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }

        assertThat(bankAccount.getBalance()).isEqualTo(1000);
    }
}
