package app

import (
	"context"

	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// FeedbackReader reads the feedback area's data — realisations, feedback threads and peer
// input — outside a transaction or (through FeedbackTx) inside one, locking on PostgreSQL.
type FeedbackReader interface {
	// Realisations returns SKP skp's realisations, of period only when it is not empty, by
	// period, result and indicator id.
	Realisations(ctx context.Context, skp, period string) ([]domain.Realisation, error)
	// FeedbackThread returns SKP skp's feedback entries, of period only when it is not empty,
	// oldest first.
	FeedbackThread(ctx context.Context, skp, period string) ([]domain.Feedback, error)
	// PeerFormsOfRater returns the forms rater was asked to fill, in state only when it is not
	// empty, pending first and newest first within each, with the rated holder's name.
	PeerFormsOfRater(ctx context.Context, rater string, state domain.PeerFormState) ([]domain.PeerForm, error)
	// PeerFormsOfSkp returns the forms asked for SKP skp in period.
	PeerFormsOfSkp(ctx context.Context, skp, period string) ([]domain.PeerForm, error)
	// FeedbackEntry returns entry id of SKP skp's thread, or an errs.NotFound error.
	FeedbackEntry(ctx context.Context, skp, id string) (domain.Feedback, error)
	// PeerForm returns form id with the rated holder's name, or an errs.NotFound error.
	PeerForm(ctx context.Context, id string) (domain.PeerForm, error)
}

// FeedbackTx changes the feedback area's data inside a unit of work.
type FeedbackTx interface {
	FeedbackReader
	// Realisation returns the realisation of SKP skp for period, result and indicator, or an
	// errs.NotFound error.
	Realisation(ctx context.Context, skp, period, result, indicator string) (domain.Realisation, error)
	// InsertRealisation stores a new realisation (version 1); when a concurrent unit stored
	// the same one first, the unit is run again (and replaces it).
	InsertRealisation(ctx context.Context, r domain.Realisation) error
	// UpdateRealisation stores r over version r.Version-1; another version is a conflict
	// retried by the unit of work.
	UpdateRealisation(ctx context.Context, r domain.Realisation) error
	// InsertFeedback adds an entry to its SKP's thread.
	InsertFeedback(ctx context.Context, f domain.Feedback) error
	// InsertPeerForm stores a new pending form; when a concurrent unit stored one for the same
	// SKP, period and rater, the unit is run again.
	InsertPeerForm(ctx context.Context, f domain.PeerForm) error
	// UpdatePeerForm stores f over version f.Version-1; another version is a conflict retried
	// by the unit of work.
	UpdatePeerForm(ctx context.Context, f domain.PeerForm) error
}
