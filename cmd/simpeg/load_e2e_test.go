package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/load"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// TestLoadCheckIn runs the load command's check-ins against the suite, through the gateway and
// over gRPC, right after the employees are registered: it waits for them to reach attendance's
// directory copy, creates the agencies' offices, every check-in succeeds, and each is stored.
func TestLoadCheckIn(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s := startSuite(t, engine)
			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			nips := map[string]string{headNIP: "DISKOMINFO", staffNIP: "DISKOMINFO", "198103102006042003": "RSUD"}
			for _, code := range []string{"DISKOMINFO", "RSUD"} {
				s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": code, "displayName": "Agency " + code, "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
			}
			for nip, agency := range nips {
				s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": nip, "fullName": "Pegawai " + nip[:4], "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/a", "agency": agency}).want(t, 200)
			}
			// The load waits for the employees to reach attendance's directory copy itself.
			today := time.Now().In(time.FixedZone("WIB", 7*3600)).Format(time.DateOnly)
			opts := load.Options{BaseURL: s.base, GRPCAddr: s.Runtime("attendance").Addr(), Employees: 3, Concurrency: 4, Requests: 30, Signer: s.signer}
			opts.Protocol = load.REST
			if _, err := load.CheckIn(context.Background(), opts); err == nil {
				t.Fatal("a run without offices succeeded; want it told to create them")
			}
			opts.OfficePerAgency = true
			for _, protocol := range []string{load.REST, load.GRPC} {
				opts.Protocol = protocol
				r, err := load.CheckIn(context.Background(), opts)
				if err != nil {
					t.Fatalf("%s: %v", protocol, err)
				}
				if r.Requests != 30 || r.OK != 30 || len(r.Errors) != 0 || r.Employees != 3 || r.Offices != 2 || r.P50 <= 0 || r.Max < r.P99 {
					t.Fatalf("%s: %+v", protocol, r)
				}
			}
			stored := 0
			for nip := range nips {
				list := s.do(t, "GET", fmt.Sprintf("/v1/employees/%s/attendanceRecords?startDate=%s&endDate=%s", nip, today, today), cityHR, nil).want(t, 200)
				recs, _ := list.body["records"].([]any)
				stored += len(recs)
				for _, r := range recs {
					if rec, _ := r.(map[string]any); rec["outsideGeofence"] == true {
						t.Errorf("check-in %v is outside the geofence; the load checks in within 50 m", rec)
					}
				}
			}
			if stored != 60 {
				t.Fatalf("%d check-ins stored, want 60", stored)
			}
		})
	}
}
