module luckyshuffle

go 1.18
