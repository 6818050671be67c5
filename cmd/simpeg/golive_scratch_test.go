package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/golive"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// TestGoLiveFromScratch runs the README's go-live from scratch through the commands, on both
// engines: simpeg seed --demo --organisation-only loads the demo organisation and no employee;
// then one simpeg import registers employees with their postings and, in the same run, their
// opening balances, which need attendance's directory copy of those employees (the command
// waits for it instead of reporting them as unknown).
func TestGoLiveFromScratch(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo organisation; skipped with -short")
	}
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s := startSuite(t, engine)
			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			ctx := context.Background()
			if err := dispatch(ctx, []string{"seed", "--demo", "--organisation-only", "--url", s.base, "--token", cityHR}); err != nil {
				t.Fatalf("seed --organisation-only: %v", err)
			}
			if r := s.do(t, "GET", "/v1/employees?pageSize=1", cityHR, nil).want(t, 200); len(toSlice(r.body["employees"])) != 0 {
				t.Fatalf("--organisation-only registered employees: %s", r.raw)
			}
			s.do(t, "GET", "/v1/agencies/DISKOMINFO", cityHR, nil).want(t, 200)

			dir := t.TempDir()
			year := time.Now().In(time.FixedZone("WIB", 7*3600)).Year()
			employees := filepath.Join(dir, "employees.csv")
			write(t, employees, strings.Join(golive.EmployeesHeader, ",")+"\n"+
				postingsNurseNIP+",Dewi Lestari,PNS,III/b,,,,,DINKES,,,2012-03-01\n"+
				postingsNurseNIP+",,,,,,,,DISKOMINFO,,,2019-07-15\n"+
				postingsClerkNIP+",Rudi Hartono,PNS,II/c,,,,"+postingsNurseNIP+",DISKOMINFO,,,2016-01-04\n")
			opening := filepath.Join(dir, "opening_balances.csv")
			write(t, opening, strings.Join(golive.OpeningHeader, ",")+"\n"+
				fmt.Sprintf("%s,%d,12,SIMPEG lama\n%s,%d,12,SIMPEG lama\n", postingsNurseNIP, year-2, postingsNurseNIP, year-1)+
				fmt.Sprintf("%s,%d,4,SIMPEG lama\n", postingsClerkNIP, year-1))
			args := []string{"import", "--url", s.base, "--token", cityHR, "--employees", employees, "--opening-balances", opening}
			if err := dispatch(ctx, args); err != nil {
				t.Fatalf("import: %v", err)
			}
			// Two untouched years: 12 carried over, the 24-day cap (Peraturan BKN 24/2017).
			b := s.do(t, "GET", fmt.Sprintf("/v1/employees/%s/leaveBalances/%d", postingsNurseNIP, year), cityHR, nil).want(t, 200)
			if b.body["available"] != float64(24) {
				t.Errorf("the nurse's balance after the import: %s; want 24 available", b.raw)
			}
			if err := dispatch(ctx, args); err != nil {
				t.Fatalf("import again: %v", err)
			}
		})
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func toSlice(v any) []any {
	s, _ := v.([]any)
	return s
}
