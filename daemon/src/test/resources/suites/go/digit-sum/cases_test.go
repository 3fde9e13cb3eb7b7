package digitsum

var digitSumCases = []struct {
	description string
	input       int
	expected    int
}{
	{description: "zero", input: 0, expected: 0},
	{description: "single digit", input: 7, expected: 7},
	{description: "several digits", input: 12345, expected: 15},
	{description: "negative number", input: -409, expected: 13},
}

var digitalRootCases = []struct {
	description string
	input       int
	expected    int
}{
	{description: "already one digit", input: 5, expected: 5},
	{description: "two rounds", input: 9875, expected: 2},
}
