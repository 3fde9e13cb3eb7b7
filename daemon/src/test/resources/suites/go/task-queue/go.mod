module taskqueue

go 1.23
