// Package digitsum sums the digits of numbers.
package digitsum

// DigitSum returns the sum of the decimal digits of n (of its absolute value).
func DigitSum(n int) int {
	if n < 0 {
		n = -n
	}
	sum := 0
	for n > 0 {
		sum += n % 10
		n /= 10
	}
	return sum
}

// DigitalRoot repeats DigitSum until one digit is left.
func DigitalRoot(n int) int {
	for n >= 10 || n <= -10 {
		n = DigitSum(n)
	}
	if n < 0 {
		return -n
	}
	return n
}

// SumOfRange adds the digit sums of 0..n-1.
func SumOfRange(n int) int {
	total := 0
	for i := range n {
		total += DigitSum(i)
	}
	return total
}
