package domain_test

import (
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// TestSecondApprovalTypes: DOMAIN.md's *policy* "a second authorised official for long types"
// follows the deployment's list: by default besar, CLTN and sick leave over 14 working days; a
// city may name other types or none.
func TestSecondApprovalTypes(t *testing.T) {
	def := domain.DefaultLeavePolicy()
	imp := domain.LeavePolicy{SecondApprovalForLongLeave: true, SecondApprovalTypes: domain.NewLeaveTypeSet(domain.LeaveImportantReasons, domain.LeaveSick)}
	none := domain.LeavePolicy{SecondApprovalForLongLeave: false, SecondApprovalTypes: domain.DefaultSecondApprovalTypes()}
	for _, tt := range []struct {
		name string
		t    domain.LeaveType
		days int
		pol  domain.LeavePolicy
		want bool
	}{
		{"default: besar", domain.LeaveLong, 60, def, true},
		{"default: CLTN", domain.LeaveUnpaid, 365, def, true},
		{"default: sick 14 days", domain.LeaveSick, 14, def, false},
		{"default: sick 15 days", domain.LeaveSick, 15, def, true},
		{"default: annual", domain.LeaveAnnual, 12, def, false},
		{"default: important reasons", domain.LeaveImportantReasons, 20, def, false},
		{"listed: important reasons", domain.LeaveImportantReasons, 2, imp, true},
		{"listed: sick still only over 14", domain.LeaveSick, 3, imp, false},
		{"not listed: besar", domain.LeaveLong, 60, imp, false},
		{"none", domain.LeaveLong, 60, none, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.NeedsSecondApproval(tt.t, tt.days, tt.pol); got != tt.want {
				t.Errorf("NeedsSecondApproval(%s, %d) = %v, want %v", tt.t, tt.days, got, tt.want)
			}
		})
	}
}

// TestPolicyLeaveDefaults: DefaultPolicy carries DOMAIN.md's leave defaults, and a second
// approval of collective leave, which nobody requests, is refused naming the setting's field.
func TestPolicyLeaveDefaults(t *testing.T) {
	p := domain.DefaultPolicy()
	if p.CollectiveLeaveReducesAnnual || !p.SecondApprovalForLongLeave {
		t.Errorf("default policy %+v: collective leave must not reduce annual leave, long leave needs a second approval", p)
	}
	p.SecondApprovalTypes = domain.NewLeaveTypeSet(domain.LeaveLong, domain.LeaveCollective)
	if err := p.Validate(); err == nil {
		t.Fatal("a second approval of collective leave was accepted")
	} else if e := err.Error(); !strings.Contains(e, "second_approval_leave_types") {
		t.Errorf("error %q does not name second_approval_leave_types", e)
	}
}
