package luckyshuffle

import (
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var deck = []string{"A", "B", "C", "D", "E", "F", "G"}

func TestSameSeedSameDeal(t *testing.T) {
	if diff := cmp.Diff(Deal(deck, 42, 3), Deal(deck, 42, 3)); diff != "" {
		t.Errorf("two deals with one seed differ (-first +second):\n%s", diff)
	}
}

func TestHandSizes(t *testing.T) {
	hands := Deal(deck, 7, 3)
	if len(hands) != 2 {
		t.Fatalf("got %d hands, want 2", len(hands))
	}
	for i, h := range hands {
		if len(h) != 3 {
			t.Errorf("hand %d has %d cards, want 3", i, len(h))
		}
	}
}

func TestNoCardTwice(t *testing.T) {
	var all []string
	for _, h := range Deal(deck, 99, 1) {
		all = append(all, h...)
	}
	sort.Strings(all)
	if diff := cmp.Diff(deck, all); diff != "" {
		t.Errorf("cards dealt (-want +got):\n%s", diff)
	}
}
