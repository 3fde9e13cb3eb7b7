module sort

go 1.16
