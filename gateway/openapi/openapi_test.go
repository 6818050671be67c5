package openapi_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/gateway/openapi"
)

// The document's paths are readable (no {name_2}), every path parameter is declared under the
// name the path uses, and every operation has a summary and a service's tag.
func TestReadablePaths(t *testing.T) {
	var doc struct {
		Tags []struct {
			Name string `json:"name"`
		} `json:"tags"`
		Paths map[string]map[string]struct {
			Summary    string   `json:"summary"`
			Tags       []string `json:"tags"`
			Parameters []struct {
				Name string `json:"name"`
				In   string `json:"in"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(openapi.Document), &doc); err != nil {
		t.Fatal(err)
	}
	var tags []string
	for _, tag := range doc.Tags {
		tags = append(tags, tag.Name)
	}
	if !slices.Contains(tags, "PlanningService") || !slices.Contains(tags, "AttendanceService") {
		t.Errorf("tags %v, want one per service", tags)
	}
	for _, want := range []string{
		"/v1/employees/{employee}", "/v1/agencies/{agency}", "/v1/agencies/{agency}/monthlyRecaps/{month}:csv",
		"/v1/leaveRequests/{leaveRequest}:approve", "/v1/employees/{employee}/leaveBalances/{leaveBalance}",
		"/v1/teamDay", "/v1/attendanceSummary", "/v1/headcount",
	} {
		if _, ok := doc.Paths[want]; !ok {
			t.Errorf("no path %s", want)
		}
	}
	param := regexp.MustCompile(`\{([^}]+)\}`)
	for path, ops := range doc.Paths {
		if strings.Contains(path, "{name") || strings.Contains(path, ".name}") || strings.Contains(path, "{agencie}") {
			t.Errorf("unreadable path %s", path)
		}
		for method, op := range ops {
			if strings.TrimSpace(op.Summary) == "" || strings.Contains(op.Summary, "buf:lint") {
				t.Errorf("%s %s: summary %q", method, path, op.Summary)
			}
			if len(op.Tags) != 1 || !slices.Contains(tags, op.Tags[0]) {
				t.Errorf("%s %s: tags %v", method, path, op.Tags)
			}
			var declared []string
			for _, p := range op.Parameters {
				if p.In == "path" {
					declared = append(declared, p.Name)
				}
			}
			for _, m := range param.FindAllStringSubmatch(path, -1) {
				if !slices.Contains(declared, m[1]) {
					t.Errorf("%s %s: path parameter %s not declared (declared %v)", method, path, m[1], declared)
				}
			}
		}
	}
}
