package app_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
	"github.com/simpeg-id/simpeg/services/training/internal/events"
)

// enrolCall is one CreateEnrolment of a burst: nip into session as caller.
type enrolCall struct {
	caller  context.Context
	session string
	nip     string
}

// burst makes calls at once and returns each one's enrolment and error.
func burst(s suite, calls []enrolCall) ([]domain.Enrolment, []error) {
	got, failed := make([]domain.Enrolment, len(calls)), make([]error, len(calls))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, c := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			got[i], failed[i] = s.app.CreateEnrolment(c.caller, c.session, c.nip)
		}()
	}
	close(start)
	wg.Wait()
	return got, failed
}

// TestConcurrentEnrolmentRefusals: enrolments into one session that come at once share
// transactions, and the ones refused are refused alone. In one burst into a session of 5
// seats, 40 employees are nominated twice each, 10 who hold an overlapping session once, and
// 5 ask for themselves: each of the 40 is admitted once (arrivals 1..40 in commit order, one
// event and one audit record each) and their second nomination is refused as a duplicate, the
// 10 are refused for the overlap, the 5 requests wait for approval. After withdrawals from
// seats and from the waitlist, a second burst's places on the waitlist are those a read gives.
func TestConcurrentEnrolmentRefusals(t *testing.T) {
	const capacity = 5
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine, crowd(60)...), catalogueStart)
		mustProgramme(t, s, cityHR, networkBasics("net"))
		class := mustSession(t, s, kominfoHR, classOf("net", "DISKOMINFO", "2026-04-06", capacity))
		other := mustSession(t, s, kominfoHR, classOf("net", "DISKOMINFO", "2026-04-07", 20))
		for i := range 10 {
			mustEnrol(t, s, kominfoHR, other.ID, crowdNIP(i))
		}

		var calls []enrolCall
		for i := 10; i < 50; i++ {
			calls = append(calls, enrolCall{kominfoHR, class.ID, crowdNIP(i)}, enrolCall{kominfoHR, class.ID, crowdNIP(i)})
		}
		for i := range 10 {
			calls = append(calls, enrolCall{kominfoHR, class.ID, crowdNIP(i)})
		}
		for i := 50; i < 55; i++ {
			calls = append(calls, enrolCall{employee(crowdNIP(i), "DISKOMINFO"), class.ID, ""})
		}
		got, failed := burst(s, calls)

		admitted := map[string]domain.Enrolment{}
		tally := map[string]int{}
		for i, c := range calls {
			err, e := failed[i], got[i]
			nip := c.nip
			if nip == "" {
				nip = crowdNIP(50 + i - 90)
			}
			var outcome string
			switch {
			case err == nil && e.State == domain.Requested && c.nip == "":
				outcome = "requested"
			case err == nil && (e.State == domain.Enrolled || e.State == domain.Waitlisted) && c.nip != "":
				if _, twice := admitted[nip]; twice {
					t.Fatalf("%s admitted twice", nip)
				}
				admitted[nip] = e
				outcome = "admitted"
			case errs.IsKind(err, errs.AlreadyExists) && i < 80:
				outcome = "duplicate"
			case errs.IsKind(err, errs.Invalid) && i >= 80 && i < 90 && hasField(err, "enrolment.session"):
				outcome = "overlap"
			default:
				t.Fatalf("call %d (%s): %+v, %v", i, nip, e, err)
			}
			tally[outcome]++
		}
		if want := map[string]int{"admitted": 40, "duplicate": 40, "overlap": 10, "requested": 5}; !maps.Equal(tally, want) {
			t.Fatalf("outcomes %v, want %v", tally, want)
		}
		for nip, e := range admitted {
			if (e.State == domain.Enrolled) != (e.Arrival <= capacity) {
				t.Fatalf("%s: arrival %d is %s", nip, e.Arrival, e.State)
			}
			checkPosition(t, s, e, max(int(e.Arrival)-capacity, 0))
			if a := s.audits(t, app.EnrolmentName(e.ID)); len(a) != 1 {
				t.Fatalf("%s: audit %v, want one record", nip, a)
			}
		}
		if order := admittedInCommitOrder(t, s.env, class.ID, events.SubjectEnrolmentApproved, events.SubjectEnrolmentWaitlisted); !slices.Equal(order, sequence(1, 40)) {
			t.Fatalf("arrivals in commit order: %v", order)
		}
		if n := s.subjects(t, events.SubjectEnrolmentRequested); n != 5 {
			t.Fatalf("%d requested events, want 5", n)
		}
		if c, err := s.app.GetSession(cityHR, class.ID); err != nil || c.Seated != capacity || c.Waitlisted != 35 || c.Requested != 5 || c.NextArrival != 41 {
			t.Fatalf("session: seated %d, waitlisted %d, requested %d, next arrival %d, %v", c.Seated, c.Waitlisted, c.Requested, c.NextArrival, err)
		}

		// Arrivals 1 and 2 give up their seats (6 and 7 move up), 10, 11 and 12 leave the
		// waitlist: 30 wait. The next burst waits behind them.
		for _, e := range admitted {
			if e.Arrival <= 2 || (e.Arrival >= 10 && e.Arrival <= 12) {
				if _, err := s.app.WithdrawEnrolment(kominfoHR, e.ID, "", "another assignment"); err != nil {
					t.Fatal(err)
				}
			}
		}
		calls = calls[:0]
		for i := 55; i < 60; i++ {
			calls = append(calls, enrolCall{kominfoHR, class.ID, crowdNIP(i)})
		}
		got, failed = burst(s, calls)
		for i, e := range got {
			if failed[i] != nil || e.State != domain.Waitlisted || e.Arrival < 41 || e.Arrival > 45 {
				t.Fatalf("%s: %+v, %v", calls[i].nip, e, failed[i])
			}
			checkPosition(t, s, e, int(e.Arrival)-41+31)
		}
	})
}

// checkPosition fails t unless e, as CreateEnrolment returned it, is at place want on the
// waitlist (0: not waiting) and a read of it says the same.
func checkPosition(t *testing.T, s suite, e domain.Enrolment, want int) {
	t.Helper()
	if read := s.enrolment(t, e.ID); e.WaitlistPosition != want || read.WaitlistPosition != want {
		t.Fatalf("arrival %d: waitlist position %d returned, %d read, want %d", e.Arrival, e.WaitlistPosition, read.WaitlistPosition, want)
	}
}

// hasField reports whether err names field among its violations.
func hasField(err error, field string) bool {
	var e *errs.Error
	if !errors.As(err, &e) {
		return false
	}
	return slices.ContainsFunc(e.Violations, func(v errs.FieldViolation) bool { return v.Field == field })
}
