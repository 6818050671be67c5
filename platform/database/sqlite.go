package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"

	"modernc.org/sqlite"
)

// The SQLite driver is wrapped to rewrite the "$n" placeholders our SQL shares with PostgreSQL.
// SQLite reads "$n" as a *named* parameter, and both resolving a name and the driver's
// per-parameter name lookup are linear searches, which made a multi-row insert with thousands
// of parameters quadratic (70 % of the CPU of a 1,000-employee import). When the placeholders
// appear in the text as $1, $2, … $n in order, they become anonymous "?" (no lookups at all);
// otherwise numbered "?n", which is still correct.
func init() {
	sql.Register(sqliteDriverName, rewritingDriver{&sqlite.Driver{}})
}

const sqliteDriverName = "simpeg-sqlite"

// rewritePlaceholders turns $1, $2 … into ? (or ?n when they are not in order) outside
// quoted strings and identifiers.
func rewritePlaceholders(q string) string {
	if strings.IndexByte(q, '$') < 0 {
		return q
	}
	var (
		out     strings.Builder
		quote   byte
		next    = 1
		inOrder = true
		starts  []int // positions of the placeholders' '$'
	)
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '$' && i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9':
			j, n := i+1, 0
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				n = n*10 + int(q[j]-'0')
				j++
			}
			if n != next {
				inOrder = false
			}
			next++
			starts = append(starts, i)
			i = j - 1
		}
	}
	out.Grow(len(q))
	last := 0
	for _, at := range starts {
		out.WriteString(q[last:at])
		out.WriteByte('?')
		last = at + 1
		if inOrder {
			for last < len(q) && q[last] >= '0' && q[last] <= '9' {
				last++
			}
		}
	}
	out.WriteString(q[last:])
	return out.String()
}

type rewritingDriver struct{ d *sqlite.Driver }

func (r rewritingDriver) Open(name string) (driver.Conn, error) {
	c, err := r.d.Open(name)
	if err != nil {
		return nil, err
	}
	return &rewritingConn{c}, nil
}

// rewritingConn forwards every interface database/sql uses to the SQLite connection.
type rewritingConn struct{ driver.Conn }

func (c *rewritingConn) Prepare(q string) (driver.Stmt, error) {
	return c.Conn.Prepare(rewritePlaceholders(q))
}

func (c *rewritingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, rewritePlaceholders(q))
}

func (c *rewritingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, rewritePlaceholders(q), args)
}

func (c *rewritingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, rewritePlaceholders(q), args)
}

func (c *rewritingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *rewritingConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *rewritingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}
