package database

import "testing"

func TestRewritePlaceholders(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT * FROM t WHERE a = $1 AND b = $2", "SELECT * FROM t WHERE a = ? AND b = ?"},
		{"INSERT INTO t VALUES ($1, $2), ($3, $4), ($5, $6), ($7, $8), ($9, $10), ($11, $12)", "INSERT INTO t VALUES (?, ?), (?, ?), (?, ?), (?, ?), (?, ?), (?, ?)"},
		{"SELECT * FROM t WHERE a = $2 AND b = $1", "SELECT * FROM t WHERE a = ?2 AND b = ?1"},
		{"SELECT * FROM t WHERE a = $1 AND b = $1", "SELECT * FROM t WHERE a = ?1 AND b = ?1"},
		{"SELECT '$1', \"$2\" FROM t WHERE c = $1", "SELECT '$1', \"$2\" FROM t WHERE c = ?"},
		{"SELECT 'it''s $1' WHERE x = $1", "SELECT 'it''s $1' WHERE x = ?"},
		{"SELECT $ FROM t", "SELECT $ FROM t"},
	}
	for _, tt := range tests {
		if got := rewritePlaceholders(tt.in); got != tt.want {
			t.Errorf("rewritePlaceholders(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
