// Package luckyshuffle deals cards reproducibly.
package luckyshuffle

import "math/rand/v2"

// Deal shuffles cards with a PCG seeded by seed and returns hands of size n (the rest is dropped).
func Deal(cards []string, seed uint64, n int) [][]string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	c := append([]string(nil), cards...)
	r.Shuffle(len(c), func(i, j int) { c[i], c[j] = c[j], c[i] })
	var hands [][]string
	for len(c) >= n {
		hands = append(hands, c[:n])
		c = c[n:]
	}
	return hands
}
