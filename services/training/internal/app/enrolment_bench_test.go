package app_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
	"github.com/simpeg-id/simpeg/services/training/internal/events"
)

// BenchmarkPopularCourseOpening is issue 10 §8's popular course opening: 2,000 employees put
// into one session of 40 seats at once, each by their own goroutine (HR's nominations, the
// path that hands out seats and arrival numbers under the session's lock), on each engine.
// Every round opens a new session a week after the last and checks that exactly 40 hold a
// seat, that 1,960 wait, and that the arrival numbers are 1..2,000 in the order the
// transactions committed. It reports enrolments/s over the whole opening.
//
//	go test ./services/training/internal/app/ -run '^$' -bench PopularCourseOpening -benchtime 3x
func BenchmarkPopularCourseOpening(b *testing.B) {
	const (
		employees = 2000
		capacity  = 40
	)
	for _, engine := range testenv.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			s := newSuite(b, newEnv(b, engine, crowd(employees)...), catalogueStart)
			mustProgramme(b, s, cityHR, networkBasics("net"))
			var opened time.Duration
			round := 0
			for b.Loop() {
				b.StopTimer()
				class := mustSession(b, s, kominfoHR, classOf("net", "DISKOMINFO", at("2026-04-06", 0, 0).AddDate(0, 0, 7*round).Format(time.DateOnly), capacity))
				round++
				b.StartTimer()
				began := time.Now()
				got := openCourse(b, s, class.ID, employees)
				opened += time.Since(began)
				b.StopTimer()
				checkOpening(b, s, class.ID, got, capacity)
				b.StartTimer()
			}
			b.ReportMetric(float64(employees*round)/opened.Seconds(), "enrolments/s")
		})
	}
}

// openCourse nominates the first n of the crowd into session at once and returns what each got.
func openCourse(b *testing.B, s suite, session string, n int) []domain.Enrolment {
	got := make([]domain.Enrolment, n)
	errc := make(chan error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			e, err := s.app.CreateEnrolment(kominfoHR, session, crowdNIP(i))
			if err != nil {
				errc <- fmt.Errorf("enrolling %s: %w", crowdNIP(i), err)
				return
			}
			got[i] = e
		}()
	}
	close(start)
	wg.Wait()
	close(errc)
	for err := range errc {
		b.Fatal(err)
	}
	return got
}

// checkOpening fails b unless the session has exactly capacity seats taken, the rest wait,
// and the arrival numbers are 1..len(got) in commit order, seats to the first.
func checkOpening(b *testing.B, s suite, session string, got []domain.Enrolment, capacity int) {
	seated := 0
	for _, e := range got {
		if (e.State == domain.Enrolled) != (e.Arrival <= int64(capacity)) || (e.State != domain.Enrolled && e.State != domain.Waitlisted) {
			b.Fatalf("arrival %d is %s", e.Arrival, e.State)
		}
		if e.State == domain.Enrolled {
			seated++
		}
	}
	var rows int
	if err := s.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM enrolments WHERE session = $1 AND state = 'enrolled'`, session).Scan(&rows); err != nil {
		b.Fatal(err)
	}
	if seated != capacity || rows != capacity {
		b.Fatalf("%d seated (%d rows), capacity %d", seated, rows, capacity)
	}
	order := admittedInCommitOrder(b, s.env, session, events.SubjectEnrolmentApproved, events.SubjectEnrolmentWaitlisted)
	if !slices.Equal(order, sequence(1, int64(len(got)))) {
		b.Fatalf("arrivals in commit order are not 1..%d (first: %v)", len(got), order[:min(len(order), 20)])
	}
}
