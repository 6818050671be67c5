// Package gen is the root of the Go code generated from the protos under proto/simpeg by
// `make generate`. Nothing here is written by hand except this file.
package gen
