package sort

import (
	"reflect"
	"sort"
	"testing"
)

var race = []Finisher{{"Uma", 301}, {"Ike", 288}, {"Bo", 301}, {"Ada", 290}, {"Cy", 350}}

func TestPodiumOrder(t *testing.T) {
	want := []string{"Ike", "Ada", "Bo"}
	if got := Podium(race); !reflect.DeepEqual(got, want) {
		t.Fatalf("Podium() = %v, want %v", got, want)
	}
}

func TestPodiumShortField(t *testing.T) {
	got := Podium([]Finisher{{"Solo", 10}})
	if len(got) != 1 || got[0] != "Solo" {
		t.Fatalf("Podium() = %v, want [Solo]", got)
	}
}

func TestInputUntouched(t *testing.T) {
	before := append([]Finisher(nil), race...)
	Podium(race)
	if !reflect.DeepEqual(before, race) {
		t.Fatalf("Podium changed its input: %v", race)
	}
	// the standard library's sort is still the one imported here
	if !sort.IntsAreSorted([]int{1, 2, 3}) {
		t.Fatal("sort.IntsAreSorted")
	}
}

func TestInitials(t *testing.T) {
	if got := Initials(race); got != "IAB" {
		t.Fatalf("Initials() = %q, want %q", got, "IAB")
	}
}
