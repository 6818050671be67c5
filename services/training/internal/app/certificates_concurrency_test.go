package app_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// dlvNIP is the i-th (i < 28) NIP-shaped number of a class: born 1991-02-DD, appointed March
// 2016, female, serial 001.
func dlvNIP(i int) string { return fmt.Sprintf("199102%02d2016032001", i+1) }

// TestCertificateNumbersConcurrent: 24 passes recorded at once by two HR officers get the
// numbers 000001 to 000024 of the year, each exactly once, one per enrolment: the year's
// sequence row is held by each transaction until it commits.
func TestCertificateNumbersConcurrent(t *testing.T) {
	const n = 24
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		staff := dlvPeople()
		for i := range n {
			name := fmt.Sprintf("Peserta %02d", i+1)
			staff = append(staff, &planningv1.Employee{Nip: dlvNIP(i), FullName: name, DisplayName: name,
				EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS, Rank: "III/a", Agency: "DISKOMINFO", Supervisor: kabid})
		}
		e := newEnv(t, engine, staff...)
		dlvSeed(t, e.db)
		s := newSuite(t, e, at("2026-05-04", 16, 0))
		ids := make([]string, n)
		err := e.db.InTx(context.Background(), func(tx *database.Tx) error {
			for i := range n {
				ids[i] = fmt.Sprintf("e-class-%02d", i)
				if _, err := tx.ExecContext(context.Background(), `INSERT INTO enrolments (id, session, employee, agency, origin, state,
					arrival, start_time, end_time, requested_by, decided_by, reason, score, finish_time, version, create_time, update_time)
					SELECT $1, id, $2, 'DISKOMINFO', 'nominated', 'enrolled', $3, start_time, end_time, 'kominfo-hr', 'kominfo-hr', '',
					0, 0, 1, 0, 0 FROM sessions WHERE id = 's-city'`, ids[i], dlvNIP(i), 100+i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		s.clock.set(at("2026-06-01", 16, 0))
		if _, err := s.app.RecordSessionAttendance(cityHR, "s-city", "2026-06-01", ids); err != nil {
			t.Fatal(err)
		}
		s.clock.set(at("2026-06-04", 9, 0))
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			numbers = map[string]string{}
			errs    []error
		)
		for i, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := s.app.CompleteEnrolment(cityHR, id, domain.Passed, 60+i, "")
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
					return
				}
				numbers[c.Certificate.Number] = id
			}()
		}
		wg.Wait()
		if len(errs) > 0 {
			t.Fatalf("%d passes failed, the first: %v", len(errs), errs[0])
		}
		var got []string
		for number := range numbers {
			got = append(got, number)
		}
		sort.Strings(got)
		for i, number := range got {
			if no, err := domain.ParseCertificateNumber(number); err != nil || no.Year != 2026 || no.Seq != i+1 || no.Code == "" {
				t.Fatalf("numbers %v, want 000001 to %06d each once", got, n)
			}
		}
		if len(got) != n || s.count(t, `SELECT COUNT(DISTINCT enrolment) FROM certificates`) != n ||
			s.count(t, `SELECT last FROM certificate_sequences WHERE year = 2026`) != n {
			t.Fatalf("%d numbers for %d passes", len(got), n)
		}
	})
}
