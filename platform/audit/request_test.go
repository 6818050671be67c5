package audit_test

import (
	"testing"

	"github.com/simpeg-id/simpeg/platform/audit"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// Every service's generated request is an audit.Request, and QueryOf copies all its fields.
func TestQueryOf(t *testing.T) {
	want := audit.Query{Resource: "employees/1", Actor: "2", PageSize: 50, PageToken: "tok"}
	tests := []struct {
		name string
		req  audit.Request
		want audit.Query
	}{
		{"planning", &planningv1.ListAuditRecordsRequest{Resource: "employees/1", Actor: "2", PageSize: 50, PageToken: "tok"}, want},
		{"attendance", &attendancev1.ListAuditRecordsRequest{Resource: "employees/1", Actor: "2", PageSize: 50, PageToken: "tok"}, want},
		{"empty", &planningv1.ListAuditRecordsRequest{}, audit.Query{}},
		{"nil", (*attendancev1.ListAuditRecordsRequest)(nil), audit.Query{}},
	}
	for _, tt := range tests {
		if got := audit.QueryOf(tt.req); got != tt.want {
			t.Errorf("%s: QueryOf = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
