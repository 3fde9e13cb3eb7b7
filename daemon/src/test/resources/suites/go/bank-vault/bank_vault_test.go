package bankvault

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDepositAndBalance(t *testing.T) {
	v := New()
	require.NoError(t, v.Deposit("alice", 500))
	require.NoError(t, v.Deposit("alice", 250))
	assert.Equal(t, int64(750), v.Balance("alice"))
	assert.Equal(t, 1, v.Accounts())
}

func TestDepositMustBePositive(t *testing.T) {
	v := New()
	err := v.Deposit("bob", 0)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "must be positive")
	assert.Zero(t, v.Balance("bob"))
}

func TestWithdraw(t *testing.T) {
	v := New()
	require.NoError(t, v.Deposit("carol", 1000))
	require.NoError(t, v.Withdraw("carol", 400))
	assert.EqualValues(t, 600, v.Balance("carol"))
}

func TestOverdraw(t *testing.T) {
	v := New()
	require.NoError(t, v.Deposit("dave", 100))
	err := v.Withdraw("dave", 101)
	assert.ErrorIs(t, err, ErrInsufficientFunds)
	assert.Equal(t, int64(100), v.Balance("dave"), "a failed withdrawal leaves the balance alone")
}

func TestManyAccounts(t *testing.T) {
	v := New()
	for i, name := range []string{"a", "b", "c"} {
		assert.NoError(t, v.Deposit(name, int64(i+1)))
	}
	assert.Len(t, []int{v.Accounts()}, 1)
	assert.ElementsMatch(t, []int64{1, 2, 3}, []int64{v.Balance("c"), v.Balance("a"), v.Balance("b")})
}
