package monitor_test

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/monitor"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// fakeTraining answers the back-fill's reads of training: andi earned 18 JP by the ledger (an
// older read of e-1, 12 JP, and e-9, 6 JP), budi none; one placement completed in DISKOMINFO,
// one still running.
type fakeTraining struct {
	trainingv1.UnimplementedTrainingServiceServer
	calls atomic.Int32
}

func (f *fakeTraining) ListEmployeeJP(_ context.Context, req *trainingv1.ListEmployeeJPRequest) (*trainingv1.ListEmployeeJPResponse, error) {
	f.calls.Add(1)
	if req.GetAgency() != "DISKOMINFO" || req.GetYear() != 2026 {
		return nil, status.Errorf(codes.InvalidArgument, "unexpected %v", req)
	}
	return &trainingv1.ListEmployeeJPResponse{Employees: []*trainingv1.EmployeeJP{
		{Employee: andi, Agency: "DISKOMINFO", Year: 2026, Earned: 18}, {Employee: budi, Agency: "DISKOMINFO", Year: 2026, Earned: 4},
		{Employee: citra, Agency: "DISKOMINFO", Year: 2026}}}, nil
}

func (f *fakeTraining) GetJPLedger(_ context.Context, req *trainingv1.GetJPLedgerRequest) (*trainingv1.GetJPLedgerResponse, error) {
	f.calls.Add(1)
	switch req.GetEmployee() {
	case budi:
		return &trainingv1.GetJPLedgerResponse{Entries: []*trainingv1.JPLedgerEntry{
			{Source: "session", Reference: "enrolments/e-8", Title: "Keamanan Informasi", EndDate: "2026-01-02", Jp: 4, Earned: true}}}, nil
	case andi:
	default:
		return nil, status.Errorf(codes.InvalidArgument, "the back-fill asked for %s, who earned nothing", req.GetEmployee())
	}
	return &trainingv1.GetJPLedgerResponse{Entries: []*trainingv1.JPLedgerEntry{
		{Source: "session", Reference: "enrolments/e-1", Title: "Keamanan Informasi", EndDate: "2026-01-02", Jp: 12, Earned: true},
		{Source: "external", Reference: "externalTrainings/x-9", Title: "Webinar", EndDate: "2026-01-03", Jp: 6, Earned: true},
		{Source: "session", Reference: "enrolments/e-10", Title: "Not finished", EndDate: "2026-03-03", Jp: 30},
	}}, nil
}

// GetEnrolment and GetSession name a session's programme: e-8 was in s-8 of ict-sec.
func (f *fakeTraining) GetEnrolment(_ context.Context, req *trainingv1.GetEnrolmentRequest) (*trainingv1.GetEnrolmentResponse, error) {
	f.calls.Add(1)
	if req.GetName() != "enrolments/e-8" {
		return nil, status.Errorf(codes.NotFound, "%s not found", req.GetName())
	}
	return &trainingv1.GetEnrolmentResponse{Enrolment: &trainingv1.Enrolment{Name: "enrolments/e-8", Session: "sessions/s-8"}}, nil
}

func (f *fakeTraining) GetSession(_ context.Context, req *trainingv1.GetSessionRequest) (*trainingv1.GetSessionResponse, error) {
	f.calls.Add(1)
	return &trainingv1.GetSessionResponse{Session: &trainingv1.Session{Name: req.GetName(), Programme: "programmes/ict-sec"}}, nil
}

func (f *fakeTraining) ListPlacements(_ context.Context, req *trainingv1.ListPlacementsRequest) (*trainingv1.ListPlacementsResponse, error) {
	f.calls.Add(1)
	return &trainingv1.ListPlacementsResponse{Placements: []*trainingv1.Placement{
		{Name: "placements/p1", Agency: "DISKOMINFO", ParticipantName: "Mahasiswa USU", State: trainingv1.PlacementState_PLACEMENT_STATE_COMPLETED,
			StartDate: "2025-11-01", UpdateTime: timestamppb.New(time.Date(2026, 1, 3, 9, 0, 0, 0, wib))},
		{Name: "placements/p2", Agency: "DISKOMINFO", ParticipantName: "Mahasiswa UINSU", State: trainingv1.PlacementState_PLACEMENT_STATE_ACTIVE,
			StartDate: "2026-01-02", UpdateTime: timestamppb.New(time.Date(2026, 1, 2, 9, 0, 0, 0, wib))},
	}}, nil
}

// fakeAttendance: andi present on 2 January and absent on 3 January, citra present on 2
// January; budi checked in today, 5 January.
type fakeAttendance struct {
	attendancev1.UnimplementedAttendanceServiceServer
	calls atomic.Int32
}

func (f *fakeAttendance) ListDailyStatuses(_ context.Context, req *attendancev1.ListDailyStatusesRequest) (*attendancev1.ListDailyStatusesResponse, error) {
	f.calls.Add(1)
	if req.GetStartDate() != "2026-01-01" || req.GetEndDate() != "2026-01-04" {
		return nil, status.Errorf(codes.InvalidArgument, "unexpected dates %v", req)
	}
	days := map[string][]*attendancev1.DailyStatus{
		"employees/" + andi: {{Employee: andi, Date: "2026-01-02", Status: attendancev1.DayStatus_DAY_STATUS_PRESENT},
			{Employee: andi, Date: "2026-01-03", Status: attendancev1.DayStatus_DAY_STATUS_ABSENT},
			{Employee: andi, Date: "2026-01-04", Status: attendancev1.DayStatus_DAY_STATUS_HOLIDAY}},
		"employees/" + citra: {{Employee: citra, Date: "2026-01-02", Status: attendancev1.DayStatus_DAY_STATUS_PRESENT}},
	}
	return &attendancev1.ListDailyStatusesResponse{DailyStatuses: days[req.GetParent()]}, nil
}

func (f *fakeAttendance) ListAttendanceRecords(_ context.Context, req *attendancev1.ListAttendanceRecordsRequest) (*attendancev1.ListAttendanceRecordsResponse, error) {
	f.calls.Add(1)
	if req.GetParent() != "employees/"+budi {
		return &attendancev1.ListAttendanceRecordsResponse{}, nil
	}
	return &attendancev1.ListAttendanceRecordsResponse{Records: []*attendancev1.AttendanceRecord{{Employee: budi, WorkDate: "2026-01-05",
		Kind: attendancev1.AttendanceKind_ATTENDANCE_KIND_CHECK_IN, DeviceTime: timestamppb.New(time.Date(2026, 1, 5, 7, 30, 0, 0, wib))}}}, nil
}

// fakeEvaluation is evaluation away: every read fails.
type fakeEvaluation struct {
	evaluationv1.UnimplementedEvaluationServiceServer
}

func (fakeEvaluation) ListSkps(context.Context, *evaluationv1.ListSkpsRequest) (*evaluationv1.ListSkpsResponse, error) {
	return nil, status.Error(codes.Unavailable, "evaluation is down")
}

// serve starts an in-process gRPC server with register's services and returns a connection
// to it.
func serve(t *testing.T, register func(s *grpc.Server)) *grpc.ClientConn {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	s := grpc.NewServer()
	register(s)
	go s.Serve(lis)
	t.Cleanup(s.Stop)
	conn, err := grpc.NewClient("passthrough:///bufnet", grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) {
		return lis.DialContext(ctx)
	}), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// TestBackfill: a plan approved after the facts happened is measured from the sources' APIs,
// merged with the events without double counting: e-1's event said 14 JP and is kept over the
// ledger's older 12, so andi has 14 + 6 = 20 JP and the JP share is 50.0 (12 + 6 would be 0);
// budi's 4 JP of a session count him among the programme's participants (2);
// the attendance rate is (2 present + budi's check-in) ÷ (3 + andi's absence) = 75.0 (the
// holiday left out); one placement completed. Each (source, agency, year) is read once; a
// failing source (evaluation) is left for a later round without stopping the others. The API
// reads the target, its trend and its evidence for its plan's readers only.
func TestBackfill(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		tr, at := &fakeTraining{}, &fakeAttendance{}
		clients := monitor.Clients{
			Training:   trainingv1.NewTrainingServiceClient(serve(t, func(s *grpc.Server) { trainingv1.RegisterTrainingServiceServer(s, tr) })),
			Attendance: attendancev1.NewAttendanceServiceClient(serve(t, func(s *grpc.Server) { attendancev1.RegisterAttendanceServiceServer(s, at) })),
			Evaluation: evaluationv1.NewEvaluationServiceClient(serve(t, func(s *grpc.Server) { evaluationv1.RegisterEvaluationServiceServer(s, fakeEvaluation{}) })),
		}
		f := newFixture(t, engine, "", clients)
		ctx := context.Background()
		for _, x := range []struct{ key, kind string }{{"interns", "internships_completed"}, {"skp", "skp_approved_share"}, {"prog", "programme_participants"}} {
			f.exec(t, `INSERT INTO plan_targets (plan_id, target_key, agency, year, kind, goal_value, due_date, programmes, start_time, active,
				baseline, value, expected, status, measure_time) VALUES ($1, $2, 'DISKOMINFO', 2026, $3, 5, '2026-12-31', '["ict-sec"]', $4, 1, 0, 0, 0, '', 0)`,
				plan, x.key, x.kind, approved.UnixMicro())
		}
		// e-1's credit arrived as an event before the back-fill, with 14 JP.
		err := f.db.InTx(ctx, func(tx *database.Tx) error {
			return store.FactsIn(tx).PutJP(ctx, store.JPFact{Reference: "enrolments/e-1", Employee: andi, Agency: "DISKOMINFO", Year: 2026, JP: 14,
				Source: "session", Programme: "ict-sec", Title: "Keamanan Informasi"},
				store.Recorded{EventID: "ev-1", Subject: "simpeg.training.jp.credited", Occur: approved, At: approved})
		})
		if err != nil {
			t.Fatal(err)
		}
		f.clock.set(time.Date(2026, 1, 5, 10, 0, 0, 0, wib))
		if n := f.mon.Backfill(ctx); n != 2 {
			t.Errorf("back-fills done = %d, want 2 (training, attendance; evaluation failing)", n)
		}
		f.round(t, false)
		// Programme participants: andi by e-1's event, budi by e-8's back-filled ledger entry,
		// whose programme the back-fill read from the enrolment's session.
		for key, want := range map[string]float64{"jp": 50, "attendance": 75, "interns": 1, "skp": 0, "prog": 2} {
			if v, _ := f.target(t, key); v != want {
				t.Errorf("%s after the back-fill = %v, want %v", key, v, want)
			}
		}
		if n := f.count(t, `SELECT jp FROM plan_fact_jp WHERE reference = 'enrolments/e-1'`); n != 14 {
			t.Errorf("e-1 = %d JP, want the event's 14", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM plan_backfills`); n != 2 {
			t.Errorf("back-fills recorded = %d, want 2", n)
		}
		// Read once: a second pass calls nothing (evaluation waits for its retry).
		calls := tr.calls.Load() + at.calls.Load()
		if n := f.mon.Backfill(ctx); n != 0 || tr.calls.Load()+at.calls.Load() != calls {
			t.Errorf("second back-fill = %d done, %d calls more; want none", n, tr.calls.Load()+at.calls.Load()-calls)
		}

		// The API: DISKOMINFO's HR reads the target, DINKES's does not.
		a := app.New(f.st, f.clock.now)
		hr := testenv.As(ctx, auth.RoleAgencyHR, "DISKOMINFO", "hr-kominfo", auth.ScopeAgency)
		p, err := a.GetTargetProgress(hr, plan, "jp")
		if err != nil {
			t.Fatal(err)
		}
		if p.Title != "Every PNS earns 20 JP" || p.Measure.Value != 50 || len(p.Points) != 1 || p.Points[0].Month != "2026-01" || p.Points[0].Value != 50 {
			t.Errorf("progress = %+v", p)
		}
		// The evidence, a page of one at a time: the event's row and the back-filled ones.
		ids, pages := map[string]string{}, 0
		for tok := ""; ; {
			ev, next, err := a.ListTargetEvidence(hr, plan, "jp", 1, tok)
			if err != nil || len(ev) != 1 {
				t.Fatalf("evidence page %d = %+v, %v", pages+1, ev, err)
			}
			ids[ev[0].EventID], pages = ev[0].Detail, pages+1
			if tok = next; tok == "" {
				break
			}
		}
		if pages != 3 || ids["ev-1"] != "14 JP: Keamanan Informasi" || ids["backfill:GetJPLedger:externalTrainings/x-9"] != "6 JP: Webinar" ||
			ids["backfill:GetJPLedger:enrolments/e-8"] != "4 JP: Keamanan Informasi" {
			t.Errorf("evidence in %d pages = %v", pages, ids)
		}
		other := testenv.As(ctx, auth.RoleAgencyHR, "DINKES", "hr-dinkes", auth.ScopeAgency)
		if _, err := a.GetTargetProgress(other, plan, "jp"); !errs.IsKind(err, errs.PermissionDenied) {
			t.Errorf("DINKES's HR reading DISKOMINFO's target: %v, want denied", err)
		}
		if _, err := a.GetTargetProgress(hr, plan, "nope"); !errs.IsKind(err, errs.NotFound) {
			t.Errorf("a target not in the plan: %v, want not found", err)
		}
	})
}
