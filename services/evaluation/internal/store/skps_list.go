package store

// The SKP area's reads beyond the row itself: lists with the caller's reach, an employee's SKPs
// of a year, the SKPs in force an agency's cascade check and a proposal need, the revisions, and
// the SKPs whose holder the directory copy shows with another supervisor or agency.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// inForce is the SQL condition of an SKP in force (domain.Skp.InForce).
const inForce = `approved_state = 1 AND state <> 'closed'`

// skpQuery builds a WHERE clause with numbered arguments.
type skpQuery struct {
	with  string
	where []string
	args  []any
}

// arg adds v and returns its placeholder.
func (q *skpQuery) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

// eq adds "col = v" when v is not the zero value.
func (q *skpQuery) eq(col string, v any, zero bool) {
	if !zero {
		q.where = append(q.where, col+" = "+q.arg(v))
	}
}

func (r reader) ListSkps(ctx context.Context, f app.SkpFilter) ([]domain.Skp, error) {
	var q skpQuery
	q.eq("year", f.Year, f.Year == 0)
	q.eq("employee", f.Employee, f.Employee == "")
	q.eq("appraiser", f.Appraiser, f.Appraiser == "")
	q.eq("agency", f.Agency, f.Agency == "")
	q.eq("unit", f.Unit, f.Unit == "")
	q.eq("state", string(f.State), f.State == "")
	q.eq("employee", f.Holder, f.Holder == "")
	q.eq("agency", f.InAgency, f.InAgency == "")
	if f.AgencyHeads {
		q.where = append(q.where, "agency_head = 1")
	}
	if f.Below != "" {
		// The directory's subtree below the supervisor: UNION drops repeats, so a cycle ends.
		p := q.arg(f.Below)
		q.with = `WITH RECURSIVE below(nip) AS (
			SELECT nip FROM directory_employees WHERE supervisor = ` + p + `
			UNION SELECT e.nip FROM directory_employees e JOIN below ON e.supervisor = below.nip) `
		q.where = append(q.where, `(employee = `+p+` OR appraiser = `+p+` OR employee IN (SELECT nip FROM below))`)
	}
	q.where = append(q.where, "id > "+q.arg(f.After))
	limit := q.arg(f.Limit)
	rows, err := database.Query(ctx, r.q, scanSkp, q.with+`SELECT `+SkpCols+` FROM skps WHERE `+strings.Join(q.where, " AND ")+
		` ORDER BY id LIMIT `+limit, q.args...)
	if err != nil {
		return nil, fmt.Errorf("listing SKPs: %w", err)
	}
	return rows, nil
}

func (r reader) EmployeeSkps(ctx context.Context, employee string, year int) ([]domain.Skp, error) {
	rows, err := database.Query(ctx, r.q, scanSkp, `SELECT `+SkpCols+` FROM skps WHERE employee = $1 AND year = $2 ORDER BY seq`+r.q.Lock, employee, year)
	if err != nil {
		return nil, fmt.Errorf("reading the SKPs of %s for %d: %w", employee, year, err)
	}
	return rows, nil
}

func (r reader) SkpsAppraisedBy(ctx context.Context, appraiser string, year int) ([]domain.Skp, error) {
	rows, err := database.Query(ctx, r.q, scanSkp, `SELECT `+SkpCols+` FROM skps WHERE appraiser = $1 AND year = $2 AND `+inForce+` ORDER BY id`, appraiser, year)
	if err != nil {
		return nil, fmt.Errorf("reading the SKPs appraised by %s for %d: %w", appraiser, year, err)
	}
	return rows, nil
}

// cascadeCols are the columns cascading reads (scanCascadeRow): the SKP's place in the tree and
// its results' ids and parents, no more, so an agency of thousands is checked quickly.
const cascadeCols = `id, employee, year, appraiser, agency_head, state, approved_state, results`

// cascadeResult is a work result as cascading reads it (cascadeResults), without its indicators.
type cascadeResult struct {
	ID            string `json:"id"`
	ParentSkp     string `json:"parent_skp"`
	ParentResult  string `json:"parent_result"`
	PlanReference string `json:"plan_reference"`
}

// cascadeRow is an SKP as cascading reads it, its results still JSON.
type cascadeRow struct {
	skp     domain.Skp
	results []byte
}

func scanCascadeRow(sc database.Scanner) (cascadeRow, error) {
	var (
		c              cascadeRow
		head, approved int
		state          string
	)
	err := sc.Scan(&c.skp.ID, &c.skp.Employee, &c.skp.Year, &c.skp.Appraiser, &head, &state, &approved, &c.results)
	c.skp.AgencyHead, c.skp.Approved, c.skp.State = head == 1, approved == 1, domain.SkpState(state)
	return c, err
}

// decodeCascade decodes the rows' results, on as many goroutines as the process may run at once:
// decoding an agency's results is most of the cascade check's work.
func decodeCascade(rows []cascadeRow) ([]domain.Skp, error) {
	out := make([]domain.Skp, len(rows))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(rows)/500))
	errList := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(rows); i += workers {
				rs, err := cascadeResults(rows[i].results)
				if err != nil {
					errList[w] = fmt.Errorf("decoding the results of SKP %s: %w", rows[i].skp.ID, err)
					return
				}
				s := rows[i].skp
				s.Results = make([]domain.WorkResult, len(rs))
				for j, r := range rs {
					s.Results[j] = domain.WorkResult{ID: r.ID, ParentSkp: r.ParentSkp, ParentResult: r.ParentResult, PlanReference: r.PlanReference}
				}
				out[i] = s
			}
		})
	}
	wg.Wait()
	return out, errors.Join(errList...)
}

func (r reader) AgencySkpsInForce(ctx context.Context, year int, agency string) ([]domain.Skp, error) {
	rows, err := database.Query(ctx, r.q, scanCascadeRow, `SELECT `+cascadeCols+` FROM skps WHERE year = $1 AND agency = $2 AND `+inForce, year, agency)
	if err != nil {
		return nil, fmt.Errorf("reading the SKPs in force of %s for %d: %w", agency, year, err)
	}
	return decodeCascade(rows)
}

func (r reader) SkpsInForceOf(ctx context.Context, year int, holders []string) ([]domain.Skp, error) {
	rows, err := database.QueryIn(ctx, r.q, database.Distinct(holders), 0, scanCascadeRow, func(list string) string {
		return `SELECT ` + cascadeCols + ` FROM skps WHERE year = $1 AND ` + inForce + ` AND employee IN (` + list + `)`
	}, year)
	if err != nil {
		return nil, fmt.Errorf("reading the SKPs in force of %d holders for %d: %w", len(holders), year, err)
	}
	return decodeCascade(rows)
}

func (r reader) SkpsToMove(ctx context.Context, year int, date string) ([]app.SkpRef, error) {
	rows, err := database.Query(ctx, r.q, func(sc database.Scanner) (app.SkpRef, error) {
		var ref app.SkpRef
		return ref, sc.Scan(&ref.ID, &ref.Employee)
	}, `SELECT s.id, s.employee FROM skps s
		JOIN directory_employees e ON e.nip = s.employee
		LEFT JOIN directory_assignments p ON `+directory.PeriodOn(2)+`
		WHERE s.year = $1 AND s.state <> 'closed' AND s.latest = 1 AND e.status = 'active'
		AND (e.supervisor <> s.appraiser OR COALESCE(p.agency, e.agency) <> s.agency)
		ORDER BY s.id`, year, date)
	if err != nil {
		return nil, fmt.Errorf("comparing open SKPs with the directory: %w", err)
	}
	return rows, nil
}

func (r reader) SkpRevisions(ctx context.Context, id string) ([]domain.SkpRevision, error) {
	rows, err := database.Query(ctx, r.q, scanRevision, `SELECT skp, revision, snapshot, approved_by, approve_time
		FROM skp_revisions WHERE skp = $1 ORDER BY revision`, id)
	if err != nil {
		return nil, fmt.Errorf("reading the revisions of SKP %s: %w", id, err)
	}
	return rows, nil
}

// revisionSnapshot is the JSON an approval is kept as: the SKP's fields as approved.
type revisionSnapshot struct {
	ID              string                        `json:"id"`
	Employee        string                        `json:"employee"`
	EmployeeName    string                        `json:"employee_name"`
	Year            int                           `json:"year"`
	Seq             int                           `json:"seq"`
	Agency          string                        `json:"agency"`
	Unit            string                        `json:"unit"`
	Position        string                        `json:"position"`
	Appraiser       string                        `json:"appraiser"`
	AppraiserName   string                        `json:"appraiser_name"`
	AgencyHead      bool                          `json:"agency_head"`
	State           domain.SkpState               `json:"state"`
	StartDate       string                        `json:"start_date"`
	EndDate         string                        `json:"end_date"`
	Results         []domain.WorkResult           `json:"results"`
	Behaviours      []domain.BehaviourExpectation `json:"behaviours"`
	FunctionalLevel domain.FunctionalLevel        `json:"functional_level,omitempty"`
	Revision        int                           `json:"revision"`
	ReturnComment   string                        `json:"return_comment,omitempty"`
	Previous        string                        `json:"previous,omitempty"`
	Version         int64                         `json:"version"`
	Created         int64                         `json:"create_time"`
	Updated         int64                         `json:"update_time"`
}

func scanRevision(sc database.Scanner) (domain.SkpRevision, error) {
	var (
		rev      domain.SkpRevision
		id, snap string
		approved int64
	)
	if err := sc.Scan(&id, &rev.Revision, &snap, &rev.ApprovedBy, &approved); err != nil {
		return rev, err
	}
	var j revisionSnapshot
	if err := json.Unmarshal([]byte(snap), &j); err != nil {
		return rev, fmt.Errorf("decoding revision %d of SKP %s: %w", rev.Revision, id, err)
	}
	rev.Skp = domain.Skp{ID: j.ID, Employee: j.Employee, EmployeeName: j.EmployeeName, Year: j.Year, Seq: j.Seq, Agency: j.Agency,
		Unit: j.Unit, Position: j.Position, Appraiser: j.Appraiser, AppraiserName: j.AppraiserName, AgencyHead: j.AgencyHead,
		State: j.State, StartDate: j.StartDate, EndDate: j.EndDate, Results: j.Results, Behaviours: j.Behaviours,
		FunctionalLevel: j.FunctionalLevel, Revision: j.Revision, Approved: true, ReturnComment: j.ReturnComment,
		Previous: j.Previous, Version: j.Version, Created: database.FromMicros(j.Created), Updated: database.FromMicros(j.Updated)}
	rev.Approved = database.FromMicros(approved)
	return rev, nil
}

func (t *txn) InsertSkpRevision(ctx context.Context, rev domain.SkpRevision) error {
	s := rev.Skp
	snap, err := json.Marshal(revisionSnapshot{ID: s.ID, Employee: s.Employee, EmployeeName: s.EmployeeName, Year: s.Year, Seq: s.Seq,
		Agency: s.Agency, Unit: s.Unit, Position: s.Position, Appraiser: s.Appraiser, AppraiserName: s.AppraiserName,
		AgencyHead: s.AgencyHead, State: s.State, StartDate: s.StartDate, EndDate: s.EndDate, Results: database.NonNil(s.Results),
		Behaviours: database.NonNil(s.Behaviours), FunctionalLevel: s.FunctionalLevel, Revision: s.Revision,
		ReturnComment: s.ReturnComment, Previous: s.Previous, Version: s.Version, Created: database.Micros(s.Created),
		Updated: database.Micros(s.Updated)})
	if err != nil {
		return fmt.Errorf("encoding revision %d of SKP %s: %w", rev.Revision, s.ID, err)
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO skp_revisions (skp, revision, snapshot, approved_by, approve_time) VALUES ($1, $2, $3, $4, $5)`,
		s.ID, rev.Revision, string(snap), rev.ApprovedBy, database.Micros(rev.Approved))
	return database.CheckInserted(err, "SKP revision", errs.Existsf("revision %d of skps/%s is already kept", rev.Revision, s.ID))
}
