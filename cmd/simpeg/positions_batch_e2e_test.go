package main

import (
	"net/http"
	"testing"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// TestBatchCreatePositionsThroughGateway: POST /v1/positions:batchCreate through the real
// binary's gateway on both suites. A bad row fails the whole call with 400 naming its field;
// agency HR may not send a row of another agency (403), nor an employee at all; a good batch
// creates every row; the same call again is harmless: the rows already there come back as
// ALREADY_EXISTS row errors with 200, and a retry with the same Idempotency-Key replays the
// first answer.
func TestBatchCreatePositionsThroughGateway(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s := startSuite(t, engine)
			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			for _, a := range []map[string]any{
				{"code": "BAPPEDA", "displayName": "Badan Perencanaan Pembangunan Daerah", "kind": "AGENCY_KIND_BADAN"},
				{"code": "BAPPEDA-P1", "displayName": "Bidang Perencanaan", "kind": "AGENCY_KIND_UNIT", "parent": "BAPPEDA"},
				{"code": "DINSOS", "displayName": "Dinas Sosial", "kind": "AGENCY_KIND_DINAS"},
			} {
				s.do(t, "POST", "/v1/agencies", cityHR, a).want(t, 200)
			}
			row := func(id, agency, unit string, class int) map[string]any {
				p := map[string]any{"title": "Perencana Ahli Pertama " + id, "kind": "POSITION_KIND_FUNCTIONAL", "class": class,
					"agency": agency, "neededHeadcount": 2}
				if unit != "" {
					p["unit"] = unit
				}
				return map[string]any{"positionId": id, "position": p}
			}
			batch := func(rows ...map[string]any) map[string]any { return map[string]any{"requests": rows} }
			good := batch(row("bappeda-perencana-1", "BAPPEDA", "BAPPEDA-P1", 8), row("bappeda-perencana-2", "BAPPEDA", "", 9))

			refused := []struct {
				name   string
				token  string
				body   map[string]any
				status int
				field  string
			}{
				{"a bad class fails the call", cityHR, batch(row("bappeda-a", "BAPPEDA", "", 8), row("bappeda-b", "BAPPEDA", "", 18)), 400, "requests[1].position.class"},
				{"a unit of another agency", cityHR, batch(row("bappeda-a", "BAPPEDA", "", 8), row("dinsos-b", "DINSOS", "BAPPEDA-P1", 8)), 400, "requests[1].position.unit"},
				{"a bad id", cityHR, batch(row("Bappeda A", "BAPPEDA", "", 8)), 400, "requests[0].position_id"},
				{"an id twice", cityHR, batch(row("bappeda-a", "BAPPEDA", "", 8), row("bappeda-a", "BAPPEDA", "", 9)), 400, "requests[1].position_id"},
				{"no rows", cityHR, batch(), 400, "requests"},
				{"agency HR, a row of another agency", s.token(t, auth.RoleAgencyHR, "DINSOS", "hr-dinsos"), good, 403, ""},
				{"an employee", s.token(t, auth.RoleEmployee, "BAPPEDA", "199001312019032002"), good, 403, ""},
			}
			for _, tt := range refused {
				t.Run(tt.name, func(t *testing.T) {
					r := s.do(t, "POST", "/v1/positions:batchCreate", tt.token, tt.body).want(t, tt.status)
					if tt.field != "" && !r.fieldViolation(tt.field) {
						t.Errorf("answer does not name %s: %s", tt.field, r.raw)
					}
				})
			}
			s.do(t, "GET", "/v1/positions/bappeda-a", cityHR, nil).want(t, http.StatusNotFound)

			key := []string{"Idempotency-Key", "positions-batch-e2e"}
			first := s.do(t, "POST", "/v1/positions:batchCreate", s.token(t, auth.RoleAgencyHR, "BAPPEDA", "hr-bappeda"), good, key...).want(t, 200)
			ps, _ := first.body["positions"].([]any)
			if len(ps) != 2 || first.body["errors"] != nil {
				t.Fatalf("first batch: %s; want two positions created", first.raw)
			}
			if p, _ := ps[0].(map[string]any); p["name"] != "positions/bappeda-perencana-1" || p["unit"] != "BAPPEDA-P1" {
				t.Errorf("first position %v", p)
			}
			replay := s.do(t, "POST", "/v1/positions:batchCreate", s.token(t, auth.RoleAgencyHR, "BAPPEDA", "hr-bappeda"), good, key...).want(t, 200)
			if string(replay.raw) != string(first.raw) {
				t.Errorf("a retry with the same key answered %s, want the first answer %s", replay.raw, first.raw)
			}
			again := s.do(t, "POST", "/v1/positions:batchCreate", cityHR,
				batch(row("bappeda-perencana-1", "BAPPEDA", "BAPPEDA-P1", 8), row("bappeda-perencana-3", "BAPPEDA", "", 9))).want(t, 200)
			ps, _ = again.body["positions"].([]any)
			errs, _ := again.body["errors"].([]any)
			if len(ps) != 1 || len(errs) != 1 {
				t.Fatalf("the batch again with a new row: %s; want one created, one already there", again.raw)
			}
			if e, _ := errs[0].(map[string]any); num(e, "index") != 0 || e["positionId"] != "bappeda-perencana-1" || e["code"] != "ALREADY_EXISTS" {
				t.Errorf("row error %v, want row 0 ALREADY_EXISTS", e)
			}
			for _, id := range []string{"bappeda-perencana-1", "bappeda-perencana-2", "bappeda-perencana-3"} {
				s.do(t, "GET", "/v1/positions/"+id, cityHR, nil).want(t, 200)
			}
		})
	}
}
