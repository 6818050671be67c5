package gateway

import (
	"slices"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// TestRewriteMasks: the paths of every update request's mask reach the service in proto names,
// whether the client wrote the JSON names or the proto ones; a path naming no field is passed
// on unchanged for the service to refuse.
func TestRewriteMasks(t *testing.T) {
	mask := func(paths ...string) *fieldmaskpb.FieldMask { return &fieldmaskpb.FieldMask{Paths: paths} }
	for _, tt := range []struct {
		name string
		req  proto.Message
		mask func(proto.Message) []string
		want []string
	}{
		{"employee, JSON names", &planningv1.UpdateEmployeeRequest{Employee: &planningv1.Employee{}, UpdateMask: mask("backTitle", "fullName")},
			func(m proto.Message) []string {
				return m.(*planningv1.UpdateEmployeeRequest).GetUpdateMask().GetPaths()
			},
			[]string{"back_title", "full_name"}},
		{"employee, proto names kept", &planningv1.UpdateEmployeeRequest{UpdateMask: mask("back_title", "rank")},
			func(m proto.Message) []string {
				return m.(*planningv1.UpdateEmployeeRequest).GetUpdateMask().GetPaths()
			},
			[]string{"back_title", "rank"}},
		{"employee, unknown field unchanged", &planningv1.UpdateEmployeeRequest{UpdateMask: mask("noSuchField", "backTitle")},
			func(m proto.Message) []string {
				return m.(*planningv1.UpdateEmployeeRequest).GetUpdateMask().GetPaths()
			},
			[]string{"noSuchField", "back_title"}},
		{"employee, nested path", &planningv1.UpdateEmployeeRequest{UpdateMask: mask("createTime.seconds", "fullName.x")},
			func(m proto.Message) []string {
				return m.(*planningv1.UpdateEmployeeRequest).GetUpdateMask().GetPaths()
			},
			[]string{"create_time.seconds", "fullName.x"}},
		{"position", &planningv1.UpdatePositionRequest{UpdateMask: mask("neededHeadcount", "requiredCompetencies")},
			func(m proto.Message) []string {
				return m.(*planningv1.UpdatePositionRequest).GetUpdateMask().GetPaths()
			},
			[]string{"needed_headcount", "required_competencies"}},
		{"agency", &planningv1.UpdateAgencyRequest{UpdateMask: mask("displayName")},
			func(m proto.Message) []string { return m.(*planningv1.UpdateAgencyRequest).GetUpdateMask().GetPaths() },
			[]string{"display_name"}},
		{"attendance's office", &attendancev1.UpdateOfficeRequest{UpdateMask: mask("radiusMeters", "geofencePolicy", "time_zone")},
			func(m proto.Message) []string {
				return m.(*attendancev1.UpdateOfficeRequest).GetUpdateMask().GetPaths()
			},
			[]string{"radius_meters", "geofence_policy", "time_zone"}},
		{"no mask", &planningv1.GetEmployeeRequest{Name: "employees/x"},
			func(proto.Message) []string { return nil }, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rewriteMasks(tt.req.ProtoReflect())
			if got := tt.mask(tt.req); !slices.Equal(got, tt.want) {
				t.Errorf("paths %q, want %q", got, tt.want)
			}
		})
	}
}

// BenchmarkRewriteMasksBatch: a batch of 1,000 employees holds no mask and is not walked.
func BenchmarkRewriteMasksBatch(b *testing.B) {
	req := &planningv1.BatchCreateEmployeesRequest{}
	for range 1000 {
		req.Requests = append(req.Requests, &planningv1.CreateEmployeeRequest{Employee: cannedEmployee(nipOK)})
	}
	for b.Loop() {
		rewriteMasks(req.ProtoReflect())
	}
}
