package grpcapi_test

import (
	"testing"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/auth/authtest"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/grpcapi"
)

// Every method of the service descriptor must have a rule, and every rule a method: a method
// without one would be denied to everyone, a rule without one is dead.
func TestRulesCoverEveryMethod(t *testing.T) {
	authtest.CheckRules(t, attendancev1.File_simpeg_attendance_v1_attendance_service_proto.Services().ByName("AttendanceService"), grpcapi.Rules, grpcapi.Idempotent)
}

// The table's decisions for each kind of method: who may write the calendar, who reads what.
func TestRuleDecisions(t *testing.T) {
	principal := func(roles ...auth.Role) auth.Principal {
		return auth.Principal{Roles: roles, Agency: "DISKOMINFO", Scopes: []string{grpcapi.ClientScopeRead}}
	}
	tests := []struct {
		method string
		who    auth.Principal
		want   auth.Scope
	}{
		// City-wide calendar writes: city HR only.
		{attendancev1.AttendanceService_CreateHoliday_FullMethodName, principal(auth.RoleCityHR), auth.ScopeAll},
		{attendancev1.AttendanceService_CreateHoliday_FullMethodName, principal(auth.RoleAgencyHR), auth.ScopeNone},
		{attendancev1.AttendanceService_ImportHolidays_FullMethodName, principal(auth.RoleAgencyHR), auth.ScopeNone},
		{attendancev1.AttendanceService_ImportOpeningBalances_FullMethodName, principal(auth.RoleCityHR), auth.ScopeAll},
		{attendancev1.AttendanceService_ImportOpeningBalances_FullMethodName, principal(auth.RoleAgencyHR), auth.ScopeNone},
		{attendancev1.AttendanceService_ImportApprovedLeave_FullMethodName, principal(auth.RoleCityHR), auth.ScopeAll},
		{attendancev1.AttendanceService_ImportApprovedLeave_FullMethodName, principal(auth.RoleAgencyHR), auth.ScopeNone},
		{attendancev1.AttendanceService_DeleteHoliday_FullMethodName, principal(auth.RoleAuditor), auth.ScopeNone},
		{attendancev1.AttendanceService_SetRamadanPeriod_FullMethodName, principal(auth.RoleAgencyHR), auth.ScopeNone},
		// Agency data: agency HR in their agency.
		{attendancev1.AttendanceService_CreateOffice_FullMethodName, principal(auth.RoleAgencyHR), auth.ScopeAgency},
		{attendancev1.AttendanceService_UpdateWorkSchedule_FullMethodName, principal(auth.RoleAgencyHR), auth.ScopeAgency},
		{attendancev1.AttendanceService_SetRoster_FullMethodName, principal(auth.RoleAgencyHR), auth.ScopeAgency},
		{attendancev1.AttendanceService_SetRoster_FullMethodName, principal(auth.RoleSupervisor), auth.ScopeNone},
		// The calendar is not personal: everyone reads it.
		{attendancev1.AttendanceService_ListHolidays_FullMethodName, principal(auth.RoleEmployee), auth.ScopeAll},
		{attendancev1.AttendanceService_GetWorkSchedule_FullMethodName, principal(auth.RoleService), auth.ScopeAll},
		{attendancev1.AttendanceService_GetWorkSchedule_FullMethodName, auth.Principal{Roles: []auth.Role{auth.RoleService}}, auth.ScopeNone},
		// An employee's day is personal data.
		{attendancev1.AttendanceService_GetExpectedDay_FullMethodName, principal(auth.RoleEmployee), auth.ScopeSelf},
		{attendancev1.AttendanceService_GetExpectedDay_FullMethodName, principal(auth.RoleEmployee, auth.RoleSupervisor), auth.ScopeSubordinates},
		{attendancev1.AttendanceService_ListRoster_FullMethodName, principal(auth.RoleAgencyHR), auth.ScopeAgency},
		// Checking in is done by employees for themselves.
		{attendancev1.AttendanceService_RecordAttendance_FullMethodName, principal(auth.RoleSupervisor), auth.ScopeSelf},
		{attendancev1.AttendanceService_RecordAttendance_FullMethodName, principal(auth.RoleCityHR), auth.ScopeNone},
		{attendancev1.AttendanceService_ListAuditRecords_FullMethodName, principal(auth.RoleEmployee), auth.ScopeNone},
		// A team's day: those who run a team, never employees or service clients.
		{attendancev1.AttendanceService_ListTeamDay_FullMethodName, principal(auth.RoleEmployee), auth.ScopeNone},
		{attendancev1.AttendanceService_ListTeamDay_FullMethodName, principal(auth.RoleEmployee, auth.RoleSupervisor), auth.ScopeSubordinates},
		{attendancev1.AttendanceService_ListTeamDay_FullMethodName, principal(auth.RoleAgencyHR), auth.ScopeAgency},
		{attendancev1.AttendanceService_ListTeamDay_FullMethodName, principal(auth.RoleCityHR), auth.ScopeAll},
		{attendancev1.AttendanceService_ListTeamDay_FullMethodName, principal(auth.RoleAuditor), auth.ScopeAll},
		{attendancev1.AttendanceService_ListTeamDay_FullMethodName, principal(auth.RoleService), auth.ScopeNone},
		// Documents: uploaded by those who file leave, never by auditors or service clients.
		{attendancev1.AttendanceService_UploadDocument_FullMethodName, principal(auth.RoleEmployee), auth.ScopeSelf},
		{attendancev1.AttendanceService_UploadDocument_FullMethodName, principal(auth.RoleAgencyHR), auth.ScopeAgency},
		{attendancev1.AttendanceService_UploadDocument_FullMethodName, principal(auth.RoleAuditor), auth.ScopeNone},
		{attendancev1.AttendanceService_UploadDocument_FullMethodName, principal(auth.RoleService), auth.ScopeNone},
		{attendancev1.AttendanceService_GetDocument_FullMethodName, principal(auth.RoleEmployee), auth.ScopeSelf},
		{attendancev1.AttendanceService_GetDocument_FullMethodName, principal(auth.RoleAuditor), auth.ScopeAll},
		// The dashboards' summary: HR and auditors only.
		{attendancev1.AttendanceService_GetAttendanceSummary_FullMethodName, principal(auth.RoleSupervisor), auth.ScopeNone},
		{attendancev1.AttendanceService_GetAttendanceSummary_FullMethodName, principal(auth.RoleEmployee), auth.ScopeNone},
		{attendancev1.AttendanceService_GetAttendanceSummary_FullMethodName, principal(auth.RoleAgencyHR), auth.ScopeAgency},
		{attendancev1.AttendanceService_GetAttendanceSummary_FullMethodName, principal(auth.RoleCityHR), auth.ScopeAll},
		{attendancev1.AttendanceService_GetAttendanceSummary_FullMethodName, principal(auth.RoleAuditor), auth.ScopeAll},
		{attendancev1.AttendanceService_GetAttendanceSummary_FullMethodName, principal(auth.RoleService), auth.ScopeNone},
	}
	for _, tt := range tests {
		if got := grpcapi.Rules[tt.method].Decide(tt.who); got != tt.want {
			t.Errorf("%s for %v: scope %s, want %s", tt.method, tt.who.Roles, got, tt.want)
		}
	}
}

// Writes are never granted to employees, supervisors, auditors or service clients.
func TestReadOnlyRoles(t *testing.T) {
	writes := []string{
		attendancev1.AttendanceService_CreateOffice_FullMethodName, attendancev1.AttendanceService_UpdateOffice_FullMethodName,
		attendancev1.AttendanceService_CreateHoliday_FullMethodName, attendancev1.AttendanceService_DeleteHoliday_FullMethodName,
		attendancev1.AttendanceService_ImportHolidays_FullMethodName, attendancev1.AttendanceService_UpdateWorkSchedule_FullMethodName,
		attendancev1.AttendanceService_SetRamadanPeriod_FullMethodName, attendancev1.AttendanceService_CreateShift_FullMethodName,
		attendancev1.AttendanceService_SetRoster_FullMethodName, attendancev1.AttendanceService_ImportOpeningBalances_FullMethodName,
		attendancev1.AttendanceService_ImportApprovedLeave_FullMethodName,
	}
	authtest.CheckReadOnly(t, grpcapi.Rules, writes, grpcapi.ClientScopeRead)
}
