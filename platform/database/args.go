package database

import (
	"strconv"
	"strings"
)

// DefaultBatch is how many keys InBatches puts in one IN list, or how many rows a multi-row
// statement carries, when its caller does not say: well under both engines' limits on the
// parameters of one statement (PostgreSQL 65,535, SQLite 32,766) even at a few dozen columns a
// row.
const DefaultBatch = 500

// InBatches calls fn with the distinct non-zero keys among keys, in their first order, at most
// n at a time (DefaultBatch when n ≤ 0), as query arguments: for IN lists. It stops at the first
// error of fn and returns it; with no keys it does not call fn.
func InBatches[K comparable](keys []K, n int, fn func(batch []any) error) error {
	return Chunks(Anys(Distinct(keys)), n, fn)
}

// Chunks calls fn with consecutive pieces of list of at most n elements each (DefaultBatch
// when n ≤ 0), for multi-row statements. It stops at the first error of fn and returns it.
func Chunks[T any](list []T, n int, fn func(part []T) error) error {
	if n <= 0 {
		n = DefaultBatch
	}
	for len(list) > 0 {
		k := min(n, len(list))
		if err := fn(list[:k]); err != nil {
			return err
		}
		list = list[k:]
	}
	return nil
}

// Values returns the VALUES list of a multi-row INSERT of rows rows of cols columns each, whose
// placeholders are numbered from from on: Values(1, 2, 3) is "($1, $2, $3), ($4, $5, $6)".
func Values(from, rows, cols int) string {
	if rows <= 0 || cols <= 0 {
		return ""
	}
	b := make([]byte, 0, rows*cols*7)
	for r := range rows {
		if r > 0 {
			b = append(b, ", "...)
		}
		b = append(b, '(')
		for c := range cols {
			if c > 0 {
				b = append(b, ", "...)
			}
			b = append(b, '$')
			b = strconv.AppendInt(b, int64(from+r*cols+c), 10)
		}
		b = append(b, ')')
	}
	return string(b)
}

// Nullable returns nil (SQL NULL) for the empty string and s otherwise, for optional text
// columns that a foreign key or a unique index must see as absent.
func Nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// NonNil returns s, or an empty slice when s is nil, so that it encodes as [] rather than null.
func NonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Distinct returns the values of xs without repeats and without the zero value, in their first
// order.
func Distinct[K comparable](xs []K) []K {
	var zero K
	seen := make(map[K]bool, len(xs))
	out := make([]K, 0, len(xs))
	for _, x := range xs {
		if x != zero && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// Anys returns xs as query arguments.
func Anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// LikePattern returns q lower-cased with LIKE's wildcards and its escape character escaped, to
// be matched against a stored lower-case column with ESCAPE '\' (both engines).
func LikePattern(q string) string {
	return likeEscaper.Replace(strings.ToLower(q))
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
