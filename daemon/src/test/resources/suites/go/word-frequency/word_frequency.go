// Package wordfrequency counts words.
package wordfrequency

import (
	"maps"
	"slices"
	"strings"
	"unicode"
)

// Frequency maps each lower-cased word of text to its number of occurrences.
func Frequency(text string) map[string]int {
	counts := map[string]int{}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	for _, w := range words {
		w = strings.Trim(w, "'")
		if w != "" {
			counts[w]++
		}
	}
	return counts
}

// Distinct returns the words of text in alphabetical order, each once.
func Distinct(text string) []string {
	return slices.Sorted(maps.Keys(Frequency(text)))
}
