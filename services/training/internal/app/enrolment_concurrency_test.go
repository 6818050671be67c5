package app_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
	"github.com/simpeg-id/simpeg/services/training/internal/events"
)

// crowdNIP is the i-th (i < 4,032) NIP-shaped number of a crowd: born 1990-MM-DD, appointed
// January 2020, male, serial from 001: distinct for distinct i.
func crowdNIP(i int) string {
	return fmt.Sprintf("1990%02d%02d2020011%03d", 1+(i%336)/28, 1+(i%336)%28, i/336+1)
}

// crowd is n DISKOMINFO staff below kabid, added to the fixture city.
func crowd(n int) []*planningv1.Employee {
	out := people()
	for i := range n {
		out = append(out, &planningv1.Employee{Nip: crowdNIP(i), FullName: fmt.Sprintf("Pegawai %d", i+1),
			EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS, Rank: "III/a", Agency: "DISKOMINFO", Supervisor: kabid,
			Position: "pranata-komputer"})
	}
	return out
}

// admittedInCommitOrder returns the arrival numbers of the enrolments of session announced with
// one of subjects (approved, waitlisted, promoted) in the order their transactions held the
// session's row: the order of their outbox event ids, UUIDv7 drawn (monotonically) inside the
// transaction while the row was locked, so the order of the commits.
func admittedInCommitOrder(t testing.TB, e env, session string, subjects ...string) []int64 {
	t.Helper()
	rows, err := e.db.QueryContext(context.Background(), `SELECT subject, payload FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var (
			subject string
			payload []byte
		)
		if err := rows.Scan(&subject, &payload); err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(subjects, subject) {
			continue
		}
		var m interface {
			proto.Message
			GetEnrolment() *trainingv1.Enrolment
		}
		switch subject {
		case events.SubjectEnrolmentApproved:
			m = &trainingv1.EnrolmentApproved{}
		case events.SubjectEnrolmentWaitlisted:
			m = &trainingv1.EnrolmentWaitlisted{}
		case events.SubjectEnrolmentPromoted:
			m = &trainingv1.EnrolmentPromoted{}
		default:
			t.Fatalf("subject %s", subject)
		}
		if err := proto.Unmarshal(payload, m); err != nil {
			t.Fatal(err)
		}
		if m.GetEnrolment().GetSession() == app.SessionName(session) {
			out = append(out, m.GetEnrolment().GetArrival())
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// sequence returns from, from+1, … to.
func sequence(from, to int64) []int64 {
	var out []int64
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

// TestConcurrentNominations: 200 nominations into a session of 30 at once, on each engine. The
// capacity is never exceeded, arrival numbers are 1..200 without a gap or a repeat and follow
// the order the transactions committed, the first 30 hold the seats and 170 wait in arrival
// order. Then 10 seat holders withdraw at once: exactly the waitlist's first 10 (arrivals
// 31..40) move up, in arrival order, and the rest keep their order.
func TestConcurrentNominations(t *testing.T) {
	const (
		nominees = 200
		capacity = 30
		leaving  = 10
	)
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine, crowd(nominees)...), catalogueStart)
		mustProgramme(t, s, cityHR, networkBasics("net"))
		class := mustSession(t, s, kominfoHR, classOf("net", "DISKOMINFO", "2026-04-06", capacity))

		got := make([]domain.Enrolment, nominees)
		var wg sync.WaitGroup
		start := make(chan struct{})
		errc := make(chan error, nominees)
		for i := range nominees {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				e, err := s.app.CreateEnrolment(kominfoHR, class.ID, crowdNIP(i))
				if err != nil {
					errc <- fmt.Errorf("nominating %s: %w", crowdNIP(i), err)
					return
				}
				got[i] = e
			}()
		}
		close(start)
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}

		seated, waiting := 0, 0
		arrivals := make([]int64, 0, nominees)
		for _, e := range got {
			arrivals = append(arrivals, e.Arrival)
			switch {
			case e.State == domain.Enrolled && e.Arrival <= capacity:
				seated++
			case e.State == domain.Waitlisted && e.Arrival > capacity:
				waiting++
			default:
				t.Fatalf("arrival %d is %s", e.Arrival, e.State)
			}
		}
		slices.Sort(arrivals)
		if seated != capacity || waiting != nominees-capacity || !slices.Equal(arrivals, sequence(1, nominees)) {
			t.Fatalf("%d seated, %d waiting, arrivals %v", seated, waiting, arrivals)
		}
		if order := admittedInCommitOrder(t, s.env, class.ID, events.SubjectEnrolmentApproved, events.SubjectEnrolmentWaitlisted); !slices.Equal(order, sequence(1, nominees)) {
			t.Fatalf("arrivals in commit order: %v", order)
		}
		c, err := s.app.GetSession(cityHR, class.ID)
		if err != nil || c.Seated != capacity || c.Waitlisted != nominees-capacity || c.NextArrival != nominees+1 {
			t.Fatalf("session: %+v, %v", c, err)
		}
		if n := s.count(t, `SELECT COUNT(*) FROM enrolments WHERE session = $1 AND state = 'enrolled'`, class.ID); n != capacity {
			t.Fatalf("%d enrolled rows", n)
		}

		// Ten seat holders (arrivals 1, 4, 7, …) withdraw at once.
		var leavers []domain.Enrolment
		for _, e := range got {
			if e.State == domain.Enrolled && e.Arrival%3 == 1 && len(leavers) < leaving {
				leavers = append(leavers, e)
			}
		}
		errc = make(chan error, leaving)
		for _, e := range leavers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.app.WithdrawEnrolment(employee(e.Employee, "DISKOMINFO"), e.ID, "", "another assignment"); err != nil {
					errc <- err
				}
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		if order := admittedInCommitOrder(t, s.env, class.ID, events.SubjectEnrolmentPromoted); !slices.Equal(order, sequence(capacity+1, capacity+leaving)) {
			t.Fatalf("promoted in commit order: %v, want arrivals %d..%d", order, capacity+1, capacity+leaving)
		}
		list, _, err := s.app.ListEnrolments(cityHR, app.EnrolmentListOptions{Session: class.ID, States: []domain.EnrolmentState{domain.Waitlisted}, PageSize: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range list {
			if e.Arrival != int64(capacity+leaving+1+i) || e.WaitlistPosition != i+1 {
				t.Fatalf("waitlist[%d]: arrival %d, position %d", i, e.Arrival, e.WaitlistPosition)
			}
		}
		if len(list) != nominees-capacity-leaving {
			t.Fatalf("%d waiting, want %d", len(list), nominees-capacity-leaving)
		}
		if c, _ := s.app.GetSession(cityHR, class.ID); c.Seated != capacity || c.Waitlisted != nominees-capacity-leaving {
			t.Fatalf("after the withdrawals: seated %d, waitlisted %d", c.Seated, c.Waitlisted)
		}
	})
}
