package grpcapi_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/csvexport"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/events"
	"github.com/simpeg-id/simpeg/services/planning/internal/grpcapi"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// TestDashboardAndReportFiles reads the dashboard as JSON and CSV and a monthly report as CSV
// and HTML through the transport on every engine: content types, header rows, the figures of
// a one-employee agency, the report's name and the refusals of a bad name.
func TestDashboardAndReportFiles(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		ctx := context.Background()
		db := testenv.OpenDB(t, engine)
		if err := db.Migrate(ctx, "planning", store.Migrations()); err != nil {
			t.Fatal(err)
		}
		clock := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
		a := app.New(store.New(db, outbox.New(), events.Encode), func() time.Time { return clock })
		s := grpcapi.New(a, db, nil)
		city := testenv.As(ctx, auth.RoleCityHR, "", "bkpsdm-admin")
		hr := testenv.As(ctx, auth.RoleAgencyHR, "DISKOMINFO", "hr-kominfo")
		must := func(_ any, err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(a.CreateAgency(city, domain.Agency{Code: "DISKOMINFO", Name: "Dinas Komunikasi dan Informatika", Kind: domain.KindDinas}))
		must(a.CreatePosition(city, domain.Position{ID: "kominfo-prakom", Title: "Pranata Komputer", Kind: domain.PositionFunctional, Class: 9,
			Agency: "DISKOMINFO", Needed: 3}))
		must(s.CreateEmployee(city, &planningv1.CreateEmployeeRequest{Employee: &planningv1.Employee{Nip: "199001012015032001", FullName: "Siti Aminah",
			EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS, Rank: "III/b", Agency: "DISKOMINFO", Position: "kominfo-prakom",
			Education: planningv1.Education_EDUCATION_S2}}))
		emp, err := s.GetEmployee(city, &planningv1.GetEmployeeRequest{Name: "employees/199001012015032001"})
		if err != nil || emp.GetEmployee().GetEducation() != planningv1.Education_EDUCATION_S2 {
			t.Fatalf("education read back = %v, %v", emp.GetEmployee().GetEducation(), err)
		}

		d, err := s.GetWorkforceDashboard(hr, &planningv1.GetWorkforceDashboardRequest{})
		if err != nil {
			t.Fatal(err)
		}
		db1 := d.GetDashboard()
		if db1.GetAgency() != "DISKOMINFO" || db1.GetTotal() != 1 || db1.GetNeed() != 3 || db1.GetHolders() != 1 || db1.GetGap() != 2 ||
			len(db1.GetBreakdowns()) != 8 || len(db1.GetRetirements()) != 5 || db1.GetDate() != "2026-11-27" {
			t.Fatalf("dashboard = %v", db1)
		}
		for _, b := range db1.GetBreakdowns() {
			if b.GetDimension() == "education" {
				for _, g := range b.GetGroups() {
					if (g.GetKey() == "s2") != (g.GetCount() == 1) {
						t.Errorf("education group %s = %d", g.GetKey(), g.GetCount())
					}
				}
			}
		}
		body, err := s.ExportWorkforceDashboard(hr, &planningv1.ExportWorkforceDashboardRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if body.GetContentType() != csvexport.ContentType {
			t.Errorf("dashboard content type %q", body.GetContentType())
		}
		rows, err := csv.NewReader(bytes.NewReader(body.GetData())).ReadAll()
		if err != nil || !slices.Equal(rows[0], app.DashboardCSVHeader) || !slices.Equal(rows[1][:5], []string{"total", "DISKOMINFO", "", "Pegawai aktif pada 2026-11-27", "1"}) {
			t.Errorf("dashboard CSV starts %q, %v", rows[:2], err)
		}

		gen, err := s.GenerateMonthlyReport(hr, &planningv1.GenerateMonthlyReportRequest{Agency: "DISKOMINFO", Month: "2026-11"})
		if err != nil {
			t.Fatal(err)
		}
		r := gen.GetMonthlyReport()
		if r.GetName() != "monthlyReports/DISKOMINFO-2026-11" || r.GetMonth() != "2026-11" || r.GetGeneratedBy() != "hr-kominfo" ||
			r.GetCsvBytes() == 0 || len(r.GetCsvSha256()) != 64 || len(r.GetHtmlSha256()) != 64 {
			t.Fatalf("generated = %v", r)
		}
		list, err := s.ListMonthlyReports(testenv.As(ctx, auth.RoleAuditor, "", "inspektorat"), &planningv1.ListMonthlyReportsRequest{})
		if err != nil || len(list.GetMonthlyReports()) != 1 || list.GetMonthlyReports()[0].GetHtmlBytes() != r.GetHtmlBytes() {
			t.Fatalf("list = %v, %v", list, err)
		}
		for _, tt := range []struct{ format, contentType, starts string }{
			{"", csvexport.ContentType, strings.Join(app.ReportCSVHeader, ",")},
			{"csv", csvexport.ContentType, strings.Join(app.ReportCSVHeader, ",")},
			{"html", grpcapi.HTMLContentType, "<!DOCTYPE html>"},
		} {
			f, err := s.DownloadMonthlyReport(hr, &planningv1.DownloadMonthlyReportRequest{Name: r.GetName(), Format: tt.format})
			if err != nil {
				t.Fatal(err)
			}
			if f.GetContentType() != tt.contentType || !strings.HasPrefix(string(f.GetData()), tt.starts) {
				t.Errorf("format %q: %s, starts %.40q", tt.format, f.GetContentType(), f.GetData())
			}
			if int64(len(f.GetData())) != map[bool]int64{true: r.GetHtmlBytes(), false: r.GetCsvBytes()}[tt.format == "html"] {
				t.Errorf("format %q: %d bytes, the report says otherwise", tt.format, len(f.GetData()))
			}
		}
		for _, bad := range []struct {
			name string
			kind errs.Kind
		}{
			{"monthlyReports/DISKOMINFO-2026-13", errs.Invalid},
			{"monthlyReports/DISKOMINFO", errs.Invalid},
			{"workPlans/DISKOMINFO-2026-11", errs.Invalid},
			{"monthlyReports/DISKOMINFO-2026-10", errs.NotFound},
		} {
			_, err := s.DownloadMonthlyReport(hr, &planningv1.DownloadMonthlyReportRequest{Name: bad.name})
			testenv.WantKind(t, err, bad.kind, "")
		}
	})
}
