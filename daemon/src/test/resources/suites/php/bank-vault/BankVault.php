<?php

declare(strict_types=1);

class InsufficientFunds extends RuntimeException
{
}

class BankVault
{
    /** @var array<string, int> */
    private array $balances = [];

    public function deposit(string $account, int $cents): void
    {
        if ($cents <= 0) {
            throw new InvalidArgumentException('amount must be positive');
        }
        $this->balances[$account] = ($this->balances[$account] ?? 0) + $cents;
    }

    public function withdraw(string $account, int $cents): void
    {
        if (($this->balances[$account] ?? 0) < $cents) {
            throw new InsufficientFunds("cannot withdraw $cents from $account");
        }
        $this->balances[$account] -= $cents;
    }

    public function balance(string $account): int
    {
        return $this->balances[$account] ?? 0;
    }
}
