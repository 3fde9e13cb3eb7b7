module wordfrequency

go 1.18
