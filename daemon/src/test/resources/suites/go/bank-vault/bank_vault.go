// Package bankvault keeps balances of accounts.
package bankvault

import (
	"errors"
	"fmt"
)

// ErrInsufficientFunds is returned when a withdrawal exceeds the balance.
var ErrInsufficientFunds = errors.New("insufficient funds")

// Vault holds account balances in cents.
type Vault struct {
	balances map[string]int64
}

// New returns an empty vault.
func New() *Vault { return &Vault{balances: map[string]int64{}} }

// Deposit adds cents to an account.
func (v *Vault) Deposit(account string, cents int64) error {
	if cents <= 0 {
		return fmt.Errorf("deposit of %d cents: amount must be positive", cents)
	}
	v.balances[account] += cents
	return nil
}

// Withdraw takes cents from an account.
func (v *Vault) Withdraw(account string, cents int64) error {
	if v.balances[account] < cents {
		return fmt.Errorf("withdraw %d from %s: %w", cents, account, ErrInsufficientFunds)
	}
	v.balances[account] -= cents
	return nil
}

// Balance returns the balance of an account.
func (v *Vault) Balance(account string) int64 { return v.balances[account] }

// Accounts returns the number of accounts that ever received money.
func (v *Vault) Accounts() int { return len(v.balances) }
