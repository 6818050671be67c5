package grpcserver_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/grpcserver"
	_ "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1" // registers the attendance API for TestMultiLineFields
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

func TestCheckText(t *testing.T) {
	emp := func(name string) *planningv1.CreateEmployeeRequest {
		return &planningv1.CreateEmployeeRequest{Employee: &planningv1.Employee{DisplayName: name, Nip: "199001012015011001"}}
	}
	tests := []struct {
		name  string
		msg   proto.Message
		field string // "" when the message is accepted
	}{
		{"plain text", emp("Budi Santoso, S.Kom."), ""},
		{"non-latin text", emp("Ñandú 東京 سلام"), ""},
		{"NUL in a nested field", emp("Budi\x00"), "employee.display_name"},
		{"escape", emp("Budi\x1b[31m"), "employee.display_name"},
		{"C1 control", emp("Budi\u0085"), "employee.display_name"},
		{"DEL", emp("Budi\x7f"), "employee.display_name"},
		{"line feed in a name", emp("Budi\nSantoso"), "employee.display_name"},
		{"tab in a name", emp("Budi\tSantoso"), "employee.display_name"},
		{"bidi override", emp("Budi\u202eosotnaS"), "employee.display_name"},
		{"bidi isolate", emp("\u2066Budi"), "employee.display_name"},
		{"invalid UTF-8", emp("Budi\xff"), "employee.display_name"},
		{"repeated message", &planningv1.BatchCreateEmployeesRequest{Requests: []*planningv1.CreateEmployeeRequest{emp("a"), emp("b\x00")}}, "requests[1].employee.display_name"},
		{"filter", &planningv1.ListEmployeesRequest{Query: "bu\x00di"}, "query"},
		{"code", &planningv1.CreateAgencyRequest{Agency: &planningv1.Agency{Code: "DIS\x00KOMINFO", Name: "x"}}, "agency.code"},
		{"multi-line reason", &planningv1.RetireEmployeeRequest{Reason: "line one\r\nline two\tend"}, ""},
		{"NUL in a multi-line reason", &planningv1.RetireEmployeeRequest{Reason: "line one\x00"}, "reason"},
		{"map value", mustStruct(t, map[string]any{"k": "v\x00"}), `fields["k"].string_value`},
		{"map key", mustStruct(t, map[string]any{"k\x00": "v"}), `fields["k\x00"]`},
		{"list value", mustStruct(t, map[string]any{"k": []any{"a", "b\u202a"}}), `fields["k"].list_value.values[1].string_value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := grpcserver.CheckText(tt.msg)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("CheckText = %v, want accepted", err)
				}
				return
			}
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid {
				t.Fatalf("CheckText = %v, want Invalid", err)
			}
			if len(e.Violations) != 1 || e.Violations[0].Field != tt.field {
				t.Fatalf("violations %+v, want one of field %s", e.Violations, tt.field)
			}
		})
	}
}

func mustStruct(t *testing.T, m map[string]any) *structpb.Struct {
	t.Helper()
	s, err := structpb.NewStruct(m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestMultiLineFields lists the string fields of the suite's APIs that may hold line breaks and
// tabs (grpcserver.MultiLineFields): a new one shows up here and is a reviewed choice.
func TestMultiLineFields(t *testing.T) {
	var got []string
	protoregistry.GlobalFiles.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		if !strings.HasPrefix(string(fd.Package()), "simpeg.") {
			return true
		}
		msgs := fd.Messages()
		for i := 0; i < msgs.Len(); i++ {
			got = append(got, multiLineIn(msgs.Get(i))...)
		}
		return true
	})
	slices.Sort(got)
	want := []string{
		"simpeg.attendance.v1.ApprovedLeave.note",
		"simpeg.attendance.v1.DailyStatus.reason",
		"simpeg.attendance.v1.DeferLeaveRequestRequest.reason",
		"simpeg.attendance.v1.ExpectedDay.reason",
		"simpeg.attendance.v1.ImportHolidaysRequest.content", // a CSV or JSON file
		"simpeg.attendance.v1.LeaveDecision.reason",
		"simpeg.attendance.v1.LeaveLedgerEntry.note",
		"simpeg.attendance.v1.LeaveRequest.reason",
		"simpeg.attendance.v1.RejectLeaveRequestRequest.reason",
		"simpeg.attendance.v1.TeamDayEntry.reason", // a leave request's or a status's reason, shown back
		// Issue 12: the work plans' and formasi proposals' free text — a done action's note, the
		// decisions' comments, a revision's reason, goals' and budget lines' descriptions.
		"simpeg.planning.v1.Action.done_note",
		"simpeg.planning.v1.ApproveFormasiProposalRequest.comment",
		"simpeg.planning.v1.ApproveWorkPlanRequest.comment",
		"simpeg.planning.v1.Assignment.end_reason",
		"simpeg.planning.v1.BudgetLine.description",
		"simpeg.planning.v1.CloseWorkPlanRequest.comment",
		"simpeg.planning.v1.CompleteWorkPlanActionRequest.note",
		"simpeg.planning.v1.FieldViolation.description",
		"simpeg.planning.v1.FormasiProposal.comment",
		"simpeg.planning.v1.Goal.description",
		"simpeg.planning.v1.RetireEmployeeRequest.reason",
		"simpeg.planning.v1.ReturnFormasiProposalRequest.comment",
		"simpeg.planning.v1.ReturnWorkPlanRequest.comment",
		"simpeg.planning.v1.ReviseWorkPlanRequest.reason",
		"simpeg.planning.v1.TransferEmployeeRequest.reason",
		"simpeg.planning.v1.WorkPlan.comment",
	}
	if !slices.Equal(got, want) {
		t.Errorf("multi-line string fields:\n got %q\nwant %q", got, want)
	}
}

func multiLineIn(md protoreflect.MessageDescriptor) []string {
	var out []string
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		f := fields.Get(i)
		if f.Kind() == protoreflect.StringKind && grpcserver.MultiLine(string(f.Name())) {
			out = append(out, string(f.FullName()))
		}
	}
	nested := md.Messages()
	for i := 0; i < nested.Len(); i++ {
		out = append(out, multiLineIn(nested.Get(i))...)
	}
	return out
}
