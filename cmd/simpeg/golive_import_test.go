package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/golive"
	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/seed"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// The go-live import through the REST gateway of the whole suite (issue 8 item 9).

// Employees of the import tests besides headNIP and staffNIP, appointed long before the two
// previous years.
const (
	importCap24NIP = "198705052012012007"
	importOtherNIP = "199203032016031005"
)

// TestGoLiveOpeningBalances imports opening balances over REST on both engines: before, a
// previous year's balance is 404; a bad row writes nothing and every bad row is named by its
// rows[i] field; the import makes carry-over (6, cap 18) and the 24-day cap after two unused
// years work in the first year, also for a year opened before the import; run twice, it
// changes nothing; agency HR is refused.
func TestGoLiveOpeningBalances(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	this := time.Now().In(wib).Year()
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s := startSuite(t, engine)
			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "DISKOMINFO", "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
			for i, nip := range []string{headNIP, staffNIP, importCap24NIP, importOtherNIP} {
				emp := map[string]any{"nip": nip, "fullName": fmt.Sprintf("Pegawai %d", i), "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/c", "agency": "DISKOMINFO"}
				if nip != headNIP {
					emp["supervisor"] = headNIP
				}
				s.do(t, "POST", "/v1/employees", cityHR, emp).want(t, 200)
			}
			balance := func(nip string, year int) reply {
				return s.do(t, "GET", fmt.Sprintf("/v1/employees/%s/leaveBalances/%d", nip, year), cityHR, nil)
			}
			// The directory copy catches up; the head's current year opens before the import.
			deadline := time.Now().Add(10 * time.Second)
			for balance(importOtherNIP, this).status != 200 || balance(headNIP, this).status != 200 {
				if time.Now().After(deadline) {
					t.Fatalf("the directory copy did not catch up: %s", balance(importOtherNIP, this).raw)
				}
				time.Sleep(20 * time.Millisecond)
			}
			if r := balance(staffNIP, this-1); r.status != 404 {
				t.Fatalf("previous year before the import: %d %s, want 404", r.status, r.raw)
			}

			row := func(nip string, year, unused int, source string) map[string]any {
				return map[string]any{"employee": nip, "year": year, "unusedDays": unused, "source": source}
			}
			rows := []any{
				row(staffNIP, this-1, 10, "SIMPEG lama"),
				row(importCap24NIP, this-2, 12, "SIMPEG lama"),
				row(importCap24NIP, this-1, 18, "SIMPEG lama"),
				row(headNIP, this-1, 7, "SK 800/12/BKPSDM"),
			}
			bad := append(append([]any{}, rows...),
				row(importOtherNIP, this-3, 4, "SIMPEG lama"),
				row(importOtherNIP, this-1, 30, ""),
				row("200001012022031009", this-1, 3, "SIMPEG lama"),
			)
			r := s.do(t, "POST", "/v1/leaveBalances:importOpening", cityHR, map[string]any{"rows": bad}).want(t, 400)
			for _, f := range []string{"rows[4].year", "rows[5].unused_days", "rows[5].source", "rows[6].employee"} {
				if !r.fieldViolation(f) {
					t.Errorf("the bad rows' answer does not name %s: %s", f, r.raw)
				}
			}
			if r := balance(staffNIP, this-1); r.status != 404 {
				t.Fatalf("a bad row wrote: %d %s", r.status, r.raw)
			}
			s.do(t, "POST", "/v1/leaveBalances:importOpening", s.token(t, auth.RoleAgencyHR, "DISKOMINFO", "kominfo-hr"), map[string]any{"rows": rows}).want(t, 403)

			first := s.do(t, "POST", "/v1/leaveBalances:importOpening", cityHR, map[string]any{"rows": rows}).want(t, 200)
			if first.body["written"] != float64(len(rows)) {
				t.Fatalf("import: %s", first.raw)
			}
			again := s.do(t, "POST", "/v1/leaveBalances:importOpening", cityHR, map[string]any{"rows": rows}).want(t, 200)
			if again.body["written"] != nil || again.body["unchanged"] != float64(len(rows)) {
				t.Fatalf("import again: %s, want nothing written", again.raw)
			}

			tests := []struct {
				name               string
				nip                string
				year               int
				available, carried float64
			}{
				{"imported year readable", staffNIP, this - 1, 10, 0},
				{"carry-over 6, cap 18", staffNIP, this, 18, 6},
				{"two unused years: cap 24", importCap24NIP, this, 24, 12},
				{"year opened before the import", headNIP, this, 18, 6},
				{"no opening balance", importOtherNIP, this, 12, 0},
			}
			for _, tt := range tests {
				b := balance(tt.nip, tt.year).want(t, 200)
				carried, _ := b.body["carriedOver"].(float64)
				if b.body["available"] != tt.available || (tt.year == this && carried != tt.carried) {
					t.Errorf("%s: %s, want available %v carried %v", tt.name, b.raw, tt.available, tt.carried)
				}
			}
		})
	}
}

// TestGoLiveImportCommand runs simpeg import on real CSV files against the suite on both
// engines: a file with bad rows writes nothing and names each bad row's file:line and field;
// the corrected file is written; run again, it changes nothing.
func TestGoLiveImportCommand(t *testing.T) {
	this := time.Now().In(time.FixedZone("WIB", 7*3600)).Year()
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s := startSuite(t, engine)
			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "DISKOMINFO", "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": staffNIP, "fullName": "Budi Santoso", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/c", "agency": "DISKOMINFO"}).want(t, 200)
			deadline := time.Now().Add(10 * time.Second)
			for s.do(t, "GET", fmt.Sprintf("/v1/employees/%s/leaveBalances/%d", staffNIP, this), cityHR, nil).status != 200 {
				if time.Now().After(deadline) {
					t.Fatal("the directory copy did not catch up")
				}
				time.Sleep(20 * time.Millisecond)
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "opening_balances.csv")
			run := func(content string) error {
				if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
				return dispatch(context.Background(), []string{"import", "--url", s.base, "--token", cityHR, "--opening-balances", file})
			}
			good := fmt.Sprintf("nip,year,unused_days,source\n%s,%d,12,SIMPEG lama\n%s,%d,14,SIMPEG lama\n", staffNIP, this-2, staffNIP, this-1)
			bad := good + fmt.Sprintf("%s,%d,30,SIMPEG lama\n199203032016031005,%d,3,SIMPEG lama\n", headNIP, this-1, this-1)
			err := run(bad)
			var rows *golive.BadRowsError
			if !errors.As(err, &rows) {
				t.Fatalf("bad rows: %v", err)
			}
			for _, want := range []string{file + ":4: unused_days:", file + ":4: employee:", file + ":5: employee:"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the report does not name %q:\n%v", want, err)
				}
			}
			if r := s.do(t, "GET", fmt.Sprintf("/v1/employees/%s/leaveBalances/%d", staffNIP, this-1), cityHR, nil); r.status != 404 {
				t.Fatalf("bad rows wrote: %d %s", r.status, r.raw)
			}
			if err := run(good); err != nil {
				t.Fatalf("import: %v", err)
			}
			if err := run(good); err != nil {
				t.Fatalf("import again: %v", err)
			}
			// 2 unused years (12, then 14 with 12 untouched): 12 carry, cap 24. Opened before the
			// import, this year gets its carry-over from the import.
			b := s.do(t, "GET", fmt.Sprintf("/v1/employees/%s/leaveBalances/%d", staffNIP, this), cityHR, nil).want(t, 200)
			if b.body["available"] != float64(24) {
				t.Errorf("this year after the import: %s, want 24 available", b.raw)
			}
		})
	}
}

// BenchmarkGoLiveImport measures the go-live import of the demo data set: 20,548 employees
// seeded through the REST API, then the opening balances of the two previous years for each
// (simpeg import's client: validate_only first, then the write, 2,000 rows a call), on SQLite
// and on PostgreSQL. It reports the import's seconds and rows. docs/benchmarks.md records it:
//
//	go test ./cmd/simpeg -run '^$' -bench BenchmarkGoLiveImport -benchtime 1x
func BenchmarkGoLiveImport(b *testing.B) {
	this := time.Now().In(time.FixedZone("WIB", 7*3600)).Year()
	for _, engine := range testenv.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			for range b.N {
				s := startSuite(b, engine)
				token := s.token(b, auth.RoleCityHR, "", "bkpsdm")
				ds := seed.Generate(2026)
				st, err := seed.Load(context.Background(), seed.LoadOptions{BaseURL: s.base, Token: token, Dataset: ds})
				if err != nil {
					b.Fatal(err)
				}
				rows := golive.DemoOpening(ds.Employees, this)
				for i := range rows {
					rows[i].Line = i + 2
				}
				// Attendance's directory copy catches up with the seed's events first.
				client := golive.Client{BaseURL: s.base, Token: token}
				deadline := time.Now().Add(3 * time.Minute)
				for {
					bad, err := client.Check(context.Background(), "demo", rows)
					if err == nil && len(bad) == 0 {
						break
					}
					if time.Now().After(deadline) {
						b.Fatalf("the directory copy did not catch up: %v, %d bad rows", err, len(bad))
					}
					time.Sleep(time.Second)
				}
				b.ResetTimer()
				res, err := client.ImportOpening(context.Background(), "demo", rows)
				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(st.Duration.Seconds(), "s/seed")
				b.ReportMetric(res.Duration.Seconds(), "s/import")
				b.ReportMetric(float64(res.Rows), "rows")
				b.ReportMetric(float64(len(ds.Employees)), "employees")
			}
		})
	}
}
