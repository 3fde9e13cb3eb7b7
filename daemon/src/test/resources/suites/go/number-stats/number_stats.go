// Package numberstats computes small statistics.
package numberstats

import (
	"cmp"
	"slices"
)

// Range returns the smallest and the largest value; ok is false for no values.
func Range(xs []int) (lo, hi int, ok bool) {
	if len(xs) == 0 {
		return 0, 0, false
	}
	lo, hi = xs[0], xs[0]
	for _, x := range xs[1:] {
		lo = min(lo, x)
		hi = max(hi, x)
	}
	return lo, hi, true
}

// Median returns the median (the lower one of the middle pair for an even count).
func Median(xs []int) int {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}

// Person is someone with an age.
type Person struct {
	Name string
	Age  int
}

// ByAgeThenName sorts people by age, then by name.
func ByAgeThenName(people []Person) []Person {
	out := slices.Clone(people)
	slices.SortFunc(out, func(a, b Person) int {
		return cmp.Or(cmp.Compare(a.Age, b.Age), cmp.Compare(a.Name, b.Name))
	})
	return out
}
