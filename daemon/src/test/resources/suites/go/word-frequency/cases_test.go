package wordfrequency

var testCases = []struct {
	description string
	input       string
	output      map[string]int
}{
	{"one word", "word", map[string]int{"word": 1}},
	{"repeated words", "one fish two fish", map[string]int{"one": 1, "fish": 2, "two": 1}},
	{"case and punctuation", "Go, go! GO?", map[string]int{"go": 3}},
	{"apostrophes", "'Tis the farmer's field", map[string]int{"tis": 1, "the": 1, "farmer's": 1, "field": 1}},
	{"numbers", "1 2 2 three", map[string]int{"1": 1, "2": 2, "three": 1}},
}
