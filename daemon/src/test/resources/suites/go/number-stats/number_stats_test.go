package numberstats

import (
	"slices"
	"testing"
)

func TestRange(t *testing.T) {
	tests := []struct {
		name   string
		in     []int
		lo, hi int
		ok     bool
	}{
		{"empty", nil, 0, 0, false},
		{"one", []int{4}, 4, 4, true},
		{"mixed", []int{3, -2, 9, 0}, -2, 9, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi, ok := Range(tt.in)
			if lo != tt.lo || hi != tt.hi || ok != tt.ok {
				t.Errorf("Range(%v) = %d, %d, %v; want %d, %d, %v", tt.in, lo, hi, ok, tt.lo, tt.hi, tt.ok)
			}
		})
	}
}

func TestMedian(t *testing.T) {
	in := []int{5, 1, 4, 2, 3}
	if got := Median(in); got != 3 {
		t.Errorf("Median(%v) = %d, want 3", in, got)
	}
	if !slices.Equal(in, []int{5, 1, 4, 2, 3}) {
		t.Errorf("Median changed its input: %v", in)
	}
}

func TestByAgeThenName(t *testing.T) {
	got := ByAgeThenName([]Person{{"Zoe", 30}, {"Adam", 30}, {"Kim", 25}})
	want := []Person{{"Kim", 25}, {"Adam", 30}, {"Zoe", 30}}
	if !slices.Equal(got, want) {
		t.Errorf("ByAgeThenName = %v, want %v", got, want)
	}
}

func BenchmarkMedian(b *testing.B) {
	in := []int{9, 8, 7, 6, 5, 4, 3, 2, 1}
	for b.Loop() {
		Median(in)
	}
}
