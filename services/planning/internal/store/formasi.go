package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// Formasi proposals: table formasi_proposals (migrations/00003_workload.sql), the lines and
// the totals per year as computed at creation, JSON.

// formasiLineJSON is one element of formasi_proposals.lines.
type formasiLineJSON struct {
	Position    string `json:"position"`
	Title       string `json:"title"`
	Unit        string `json:"unit"`
	Kind        string `json:"kind"`
	Class       int    `json:"class"`
	Need        int    `json:"need"`
	Holders     int    `json:"holders"`
	Retirements []int  `json:"retirements"`
	Proposed    []int  `json:"proposed"`
	Total       int    `json:"total"`
}

const formasiCols = `id, agency, first_year, state, totals, effective_hours, created_by, decided_by, decide_time, comment, decree_number, version, create_time, submit_time`

func scanFormasi(withLines bool) func(database.Scanner) (domain.FormasiProposal, error) {
	return func(sc database.Scanner) (domain.FormasiProposal, error) {
		var p domain.FormasiProposal
		var state, totals, lines string
		var decided, created, submitted int64
		dest := []any{&p.ID, &p.Agency, &p.FirstYear, &state, &totals, &p.EffectiveHours, &p.CreatedBy, &p.DecidedBy, &decided,
			&p.Comment, &p.DecreeNumber, &p.Version, &created, &submitted}
		if withLines {
			dest = append(dest, &lines)
		}
		if err := sc.Scan(dest...); err != nil {
			return p, err
		}
		p.State = domain.FormasiState(state)
		if err := json.Unmarshal([]byte(totals), &p.Totals); err != nil {
			return p, fmt.Errorf("decoding the totals of formasi proposal %s: %w", p.ID, err)
		}
		if withLines {
			var list []formasiLineJSON
			if err := json.Unmarshal([]byte(lines), &list); err != nil {
				return p, fmt.Errorf("decoding the lines of formasi proposal %s: %w", p.ID, err)
			}
			for _, l := range list {
				p.Lines = append(p.Lines, domain.FormasiLine{Position: l.Position, Title: l.Title, Unit: l.Unit, Kind: domain.PositionKind(l.Kind),
					Class: l.Class, Need: l.Need, Holders: l.Holders, Retirements: l.Retirements, Proposed: l.Proposed, Total: l.Total})
			}
		}
		p.Created, p.Submitted = database.FromMicros(created), formasiTime(submitted)
		p.Decided = formasiTime(decided)
		return p, nil
	}
}

func formasiTime(us int64) (t time.Time) {
	if us == 0 {
		return t
	}
	return database.FromMicros(us)
}

func formasiMicros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return database.Micros(t)
}

func (r reader) GetFormasi(ctx context.Context, id string) (domain.FormasiProposal, error) {
	return database.Get(ctx, r.q, "formasi proposal", errs.NotFoundf("formasi proposal %q does not exist", id), scanFormasi(true),
		`SELECT `+formasiCols+`, lines FROM formasi_proposals WHERE id = $1`+r.q.Lock, id)
}

func (s *Store) ListFormasi(ctx context.Context, f app.FormasiFilter) ([]domain.FormasiProposal, error) {
	after, err := paging.Key(f.After)
	if err != nil {
		return nil, err
	}
	q := `SELECT ` + formasiCols + ` FROM formasi_proposals WHERE 1 = 1`
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		q += fmt.Sprintf(" AND "+cond, len(args))
	}
	if after != "" {
		add("id < $%d", after)
	}
	if f.Agency != "" {
		add("agency = $%d", f.Agency)
	}
	if f.State != "" {
		add("state = $%d", string(f.State))
	}
	args = append(args, f.PageSize)
	q += fmt.Sprintf(` ORDER BY id DESC LIMIT $%d`, len(args))
	out, err := database.Query(ctx, s.q, scanFormasi(false), q, args...)
	if err != nil {
		return nil, fmt.Errorf("listing formasi proposals: %w", err)
	}
	return out, nil
}

func encodeFormasi(p domain.FormasiProposal) (lines, totals string, err error) {
	list := make([]formasiLineJSON, len(p.Lines))
	for i, l := range p.Lines {
		list[i] = formasiLineJSON{Position: l.Position, Title: l.Title, Unit: l.Unit, Kind: string(l.Kind), Class: l.Class, Need: l.Need,
			Holders: l.Holders, Retirements: database.NonNil(l.Retirements), Proposed: database.NonNil(l.Proposed), Total: l.Total}
	}
	b, err := json.Marshal(list)
	if err != nil {
		return "", "", fmt.Errorf("encoding formasi lines: %w", err)
	}
	t, err := json.Marshal(database.NonNil(p.Totals))
	if err != nil {
		return "", "", fmt.Errorf("encoding formasi totals: %w", err)
	}
	return string(b), string(t), nil
}

func (t *txn) InsertFormasi(ctx context.Context, p domain.FormasiProposal) error {
	lines, totals, err := encodeFormasi(p)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO formasi_proposals (id, agency, first_year, state, lines, totals, effective_hours, created_by, decided_by,
		decide_time, comment, decree_number, version, create_time, submit_time)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		p.ID, p.Agency, p.FirstYear, string(p.State), lines, totals, p.EffectiveHours, p.CreatedBy, p.DecidedBy,
		formasiMicros(p.Decided), p.Comment, p.DecreeNumber, p.Version, database.Micros(p.Created), formasiMicros(p.Submitted))
	return database.CheckInserted(err, "formasi proposal", errs.Existsf("formasi proposal %q already exists", p.ID))
}

// UpdateFormasi stores the workflow's fields; the lines and totals never change.
func (t *txn) UpdateFormasi(ctx context.Context, p domain.FormasiProposal) error {
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE formasi_proposals SET state = $1, decided_by = $2, decide_time = $3, comment = $4,
		decree_number = $5, version = $6, submit_time = $7 WHERE id = $8 AND version = $9`,
		string(p.State), p.DecidedBy, formasiMicros(p.Decided), p.Comment, p.DecreeNumber, p.Version, formasiMicros(p.Submitted), p.ID, p.Version-1))
}
