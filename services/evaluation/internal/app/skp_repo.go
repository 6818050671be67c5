package app

import (
	"context"

	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// SkpReader reads SKPs, outside a transaction or (through SkpTx) inside one, locking on
// PostgreSQL.
type SkpReader interface {
	// Skp returns SKP id, or an errs.NotFound error naming it.
	Skp(ctx context.Context, id string) (domain.Skp, error)
	// Period returns performance year year, or an errs.NotFound error naming it.
	Period(ctx context.Context, year int) (domain.Period, error)
}

// SkpTx changes SKPs inside a unit of work.
type SkpTx interface {
	SkpReader
	// InsertSkp stores a new SKP (version 1); an SKP with the same id, or a second open one of
	// the employee and year, is an errs.Exists error.
	InsertSkp(ctx context.Context, s domain.Skp) error
	// UpdateSkp stores s over the version s.Version-1; another version is a conflict retried by
	// the unit of work.
	UpdateSkp(ctx context.Context, s domain.Skp) error
}
