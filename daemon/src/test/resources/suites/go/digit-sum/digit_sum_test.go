package digitsum

import "testing"

func TestDigitSum(t *testing.T) {
	for _, tc := range digitSumCases {
		t.Run(tc.description, func(t *testing.T) {
			if got := DigitSum(tc.input); got != tc.expected {
				t.Fatalf("DigitSum(%d) = %d, want %d", tc.input, got, tc.expected)
			}
		})
	}
}

func TestDigitalRoot(t *testing.T) {
	for _, tc := range digitalRootCases {
		t.Run(tc.description, func(t *testing.T) {
			if got := DigitalRoot(tc.input); got != tc.expected {
				t.Fatalf("DigitalRoot(%d) = %d, want %d", tc.input, got, tc.expected)
			}
		})
	}
}

func TestSumOfRange(t *testing.T) {
	if got := SumOfRange(12); got != 48 {
		t.Fatalf("SumOfRange(12) = %d, want 48", got)
	}
}

func BenchmarkDigitSum(b *testing.B) {
	if testing.Short() {
		b.Skip("skipping benchmark in short mode.")
	}
	for b.Loop() {
		for _, tc := range digitSumCases {
			DigitSum(tc.input)
		}
	}
}
