// Package sort ranks race results. Its module is named like the standard library's sort package (as some older
// curriculum exercises name theirs), and it uses that standard package itself.
package sort

import (
	"sort"
	"strings"
)

// Finisher is a runner and a race time in seconds.
type Finisher struct {
	Name    string
	Seconds int
}

// Podium returns the names of the (at most) three fastest finishers, fastest first; ties go by name.
func Podium(results []Finisher) []string {
	rs := append([]Finisher(nil), results...)
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].Seconds != rs[j].Seconds {
			return rs[i].Seconds < rs[j].Seconds
		}
		return rs[i].Name < rs[j].Name
	})
	var names []string
	for i := 0; i < len(rs) && i < 3; i++ {
		names = append(names, rs[i].Name)
	}
	return names
}

// Initials joins the first letters of the podium's names.
func Initials(results []Finisher) string {
	var b strings.Builder
	for _, n := range Podium(results) {
		b.WriteString(n[:1])
	}
	return b.String()
}
