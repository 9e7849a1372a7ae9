module github.com/tinkhabar/tinkhabar

go 1.26.0

require github.com/alecthomas/kong v1.17.0

require (
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/yaa110/go-persian-calendar v1.3.0 // indirect
)
