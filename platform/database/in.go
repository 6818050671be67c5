package database

import "context"

// EachIn runs a query once per batch of the distinct non-zero keys, at most n a batch
// (DefaultBatch when n ≤ 0; see InBatches), and calls fn for every row, in order. query gives the
// statement for a batch's IN list ("$3, $4, …"), whose placeholders follow those of the arguments
// before, which every batch's statement takes first. With no keys it runs nothing.
func EachIn[K comparable](ctx context.Context, q Querier, keys []K, n int, fn func(Scanner) error, query func(list string) string, before ...any) error {
	return InBatches(keys, n, func(batch []any) error {
		args := make([]any, 0, len(before)+len(batch))
		args = append(append(args, before...), batch...)
		return QueryEach(ctx, q, fn, query(Placeholders(len(before)+1, len(batch))), args...)
	})
}

// QueryIn is EachIn that reads each row with scan and returns the values of every batch, in
// order.
func QueryIn[K comparable, T any](ctx context.Context, q Querier, keys []K, n int, scan func(Scanner) (T, error), query func(list string) string, before ...any) ([]T, error) {
	var out []T
	err := EachIn(ctx, q, keys, n, func(sc Scanner) error {
		v, err := scan(sc)
		if err == nil {
			out = append(out, v)
		}
		return err
	}, query, before...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SetIn is EachIn for a query of one text column, such as which of the keys exist: it returns
// the set of the values of every batch.
func SetIn[K comparable](ctx context.Context, q Querier, keys []K, n int, query func(list string) string, before ...any) (map[string]bool, error) {
	out := map[string]bool{}
	err := EachIn(ctx, q, keys, n, func(sc Scanner) error {
		var s string
		if err := sc.Scan(&s); err != nil {
			return err
		}
		out[s] = true
		return nil
	}, query, before...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// IndexIn is QueryIn that returns the values by key(v), such as the records among keys that
// exist, by their key; a later row of the same key replaces an earlier one.
func IndexIn[K comparable, T any](ctx context.Context, q Querier, keys []K, n int, scan func(Scanner) (T, error), key func(T) K, query func(list string) string, before ...any) (map[K]*T, error) {
	out := map[K]*T{}
	err := EachIn(ctx, q, keys, n, func(sc Scanner) error {
		v, err := scan(sc)
		if err == nil {
			out[key(v)] = &v
		}
		return err
	}, query, before...)
	if err != nil {
		return nil, err
	}
	return out, nil
}
