package wordfrequency

import (
	"reflect"
	"testing"
)

func TestFrequency(t *testing.T) {
	for _, tc := range testCases {
		t.Run(tc.description, func(t *testing.T) {
			if actual := Frequency(tc.input); !reflect.DeepEqual(actual, tc.output) {
				t.Fatalf("Frequency(%q)\n got: %v\nwant: %v", tc.input, actual, tc.output)
			}
		})
	}
}

func TestDistinct(t *testing.T) {
	want := []string{"fish", "one", "two"}
	if got := Distinct("one fish two fish"); !reflect.DeepEqual(got, want) {
		t.Fatalf("Distinct = %v, want %v", got, want)
	}
}

func BenchmarkFrequency(b *testing.B) {
	for b.Loop() {
		for _, tc := range testCases {
			Frequency(tc.input)
		}
	}
}
