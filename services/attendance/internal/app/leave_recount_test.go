package app_test

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/attendance/internal/events"
)

// TestLeaveRecount (issue 8, item 3): a decree that makes a day of approved, not yet taken annual
// leave a collective leave day or a national holiday — created or imported — recounts the
// request in the same transaction: shorter by the working day, the day back in the balance, a
// "recounted" entry in its history and a leave.recounted event. A request still to be decided
// is shortened too. Days already taken and days that were not working days anyway are left
// alone.
func TestLeaveRecount(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newLvSuite(t, engine)
		june := s.create(t, employee(lvStaff, "DISKOMINFO"), lvReq(lvStaff, lvAnnual, "2026-06-08", "2026-06-12")) // Mon-Fri: 5
		weekend := s.create(t, employee(lvHR, "DISKOMINFO"), lvReq(lvHR, lvAnnual, "2026-06-19", "2026-06-22"))    // Fri-Mon: 2
		pending := s.create(t, employee(lvColleague, "DISKOMINFO"), lvReq(lvColleague, lvAnnual, "2026-06-08", "2026-06-12"))
		for _, r := range []*attendancev1.LeaveRequest{june, weekend} {
			if _, err := s.api.ApproveLeaveRequest(supervisor(lvHead, "DISKOMINFO"), &attendancev1.ApproveLeaveRequestRequest{Name: r.GetName()}); err != nil {
				t.Fatalf("approving %s: %v", r.GetName(), err)
			}
		}
		steps := []struct {
			name     string
			today    string // the clock's date, 08:00 WIB
			change   func() error
			id       string
			days     int32 // the request's length afterwards
			returned int32 // days back in the balance
			reason   string
		}{
			{name: "a collective leave day created", today: "2026-05-04", id: lvID(june), days: 4, returned: 1,
				change: func() error {
					_, err := s.app.CreateHoliday(cityHR, domain.Holiday{Date: domain.MustDate("2026-06-10"), Name: "Cuti bersama", Kind: domain.CollectiveLeave})
					return err
				},
				reason: "recounted: 2026-06-10 became collective leave by decree; 4 working days instead of 5"},
			{name: "a national holiday imported", today: "2026-05-04", id: lvID(june), days: 3, returned: 1,
				change: func() error {
					_, err := s.app.ImportHolidays(cityHR, app.ImportCSV, "date,name,kind\n2026-06-11,Libur nasional,national\n2026-08-17,Hari Kemerdekaan,national\n")
					return err
				},
				reason: "recounted: 2026-06-11 became a national holiday by decree; 3 working days instead of 4"},
			{name: "a day already taken", today: "2026-06-12", id: lvID(june), days: 3,
				change: func() error {
					_, err := s.app.CreateHoliday(cityHR, domain.Holiday{Date: domain.MustDate("2026-06-09"), Name: "Libur", Kind: domain.NationalHoliday})
					return err
				}},
			{name: "a Saturday", today: "2026-05-04", id: lvID(weekend), days: 2,
				change: func() error {
					_, err := s.app.CreateHoliday(cityHR, domain.Holiday{Date: domain.MustDate("2026-06-20"), Name: "Cuti bersama (Sabtu)", Kind: domain.CollectiveLeave})
					return err
				}},
			{name: "today, not yet over", today: "2026-06-12", id: lvID(june), days: 2, returned: 1,
				change: func() error {
					_, err := s.app.CreateHoliday(cityHR, domain.Holiday{Date: domain.MustDate("2026-06-12"), Name: "Cuti bersama", Kind: domain.CollectiveLeave})
					return err
				},
				reason: "recounted: 2026-06-12 became collective leave by decree; 2 working days instead of 3"},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				s.clock.set(wib(st.today, 8, 0, 0))
				req := s.get(t, st.id)
				bal := s.balance(t, req.GetEmployee(), 2026).GetAvailable()
				before := s.outbox(t)
				if err := st.change(); err != nil {
					t.Fatal(err)
				}
				after := s.get(t, st.id)
				if after.GetDays() != st.days || after.GetSpentDays() != st.days {
					t.Errorf("request %d days, %d spent; want %d", after.GetDays(), after.GetSpentDays(), st.days)
				}
				if got := s.balance(t, req.GetEmployee(), 2026).GetAvailable(); got != bal+st.returned {
					t.Errorf("balance %d, want %d + %d", got, bal, st.returned)
				}
				if avail, ledger := s.stored(t, req.GetEmployee(), 2026); avail != ledger {
					t.Errorf("stored balance %d, ledger sum %d", avail, ledger)
				}
				var recounted []*attendancev1.LeaveRecounted
				for _, ev := range s.since(t, before) {
					if ev.subject == events.SubjectLeaveRecounted {
						var m attendancev1.LeaveRecounted
						if err := proto.Unmarshal(ev.payload, &m); err != nil {
							t.Fatal(err)
						}
						if m.GetLeaveRequest().GetName() == lvName(st.id) {
							recounted = append(recounted, &m)
						}
					}
				}
				if st.reason == "" {
					if len(recounted) != 0 || after.GetEtag() != req.GetEtag() {
						t.Errorf("recounted: %v, etag %s -> %s; want no change", recounted, req.GetEtag(), after.GetEtag())
					}
					return
				}
				decisions := after.GetDecisions()
				if last := decisions[len(decisions)-1]; last.GetAction() != "recounted" || last.GetReason() != st.reason || last.GetActor() != "bkpsdm-admin" {
					t.Errorf("last history entry %v, want recounted by bkpsdm-admin: %q", last, st.reason)
				}
				if len(recounted) != 1 || recounted[0].GetReturnedDays() != st.returned || recounted[0].GetPreviousDays() != st.days+1 ||
					!proto.Equal(recounted[0].GetLeaveRequest(), after) {
					t.Errorf("leave.recounted events %v, want one returning %d days with the request %v", recounted, st.returned, after)
				}
				audits := strings.Join(s.audits(t, app.LeaveRequestName(st.id)), "\n")
				if !strings.Contains(audits, strings.SplitN(st.reason, ";", 2)[0]) {
					t.Errorf("the request's audit trail lacks %q:\n%s", st.reason, audits)
				}
			})
		}
		// A request still to be decided is recounted too, so its approval spends the new length
		// (the 9th was before today: not recounted).
		if r := s.get(t, lvID(pending)); r.GetDays() != 2 || r.GetState() != lvSubmitted || r.GetSpentDays() != 0 {
			t.Errorf("a submitted request: %d days, %s, %d spent; want 2, submitted, 0", r.GetDays(), r.GetState(), r.GetSpentDays())
		}
	})
}
