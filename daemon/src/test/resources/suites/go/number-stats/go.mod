module numberstats

go 1.22
