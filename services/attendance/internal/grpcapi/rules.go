package grpcapi

import (
	"github.com/simpeg-id/simpeg/platform/auth"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
)

// ClientScopeRead is the OAuth scope a service client needs to read attendance data.
const ClientScopeRead = "attendance.read"

var (
	cityHROnly = map[auth.Role]auth.Scope{auth.RoleCityHR: auth.ScopeAll}
	hrWrite    = map[auth.Role]auth.Scope{auth.RoleCityHR: auth.ScopeAll, auth.RoleAgencyHR: auth.ScopeAgency}
	// calendar: holidays, hours, offices are not personal data; every caller reads them.
	calendar = map[auth.Role]auth.Scope{
		auth.RoleEmployee: auth.ScopeAll, auth.RoleSupervisor: auth.ScopeAll, auth.RoleAgencyHR: auth.ScopeAll,
		auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll, auth.RoleService: auth.ScopeAll,
	}
	// people: an employee's own data, narrowed to what each role may see.
	people = map[auth.Role]auth.Scope{
		auth.RoleEmployee: auth.ScopeSelf, auth.RoleSupervisor: auth.ScopeSubordinates, auth.RoleAgencyHR: auth.ScopeAgency,
		auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll, auth.RoleService: auth.ScopeAll,
	}
	// selfOnly: something only the employee does for themselves (checking in).
	selfOnly = map[auth.Role]auth.Scope{auth.RoleEmployee: auth.ScopeSelf, auth.RoleSupervisor: auth.ScopeSelf}
	auditors = map[auth.Role]auth.Scope{auth.RoleAuditor: auth.ScopeAll, auth.RoleCityHR: auth.ScopeAll}
)

// Rules is the attendance service's authorization table: every method and who may call it. A
// method missing here is denied; a test proves every method of the service is listed.
var Rules = auth.Rules{
	attendancev1.AttendanceService_CreateOffice_FullMethodName:          {Grants: hrWrite},
	attendancev1.AttendanceService_GetOffice_FullMethodName:             {Grants: calendar, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_ListOffices_FullMethodName:           {Grants: calendar, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_UpdateOffice_FullMethodName:          {Grants: hrWrite},
	attendancev1.AttendanceService_CreateHoliday_FullMethodName:         {Grants: cityHROnly},
	attendancev1.AttendanceService_ListHolidays_FullMethodName:          {Grants: calendar, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_DeleteHoliday_FullMethodName:         {Grants: cityHROnly},
	attendancev1.AttendanceService_ImportHolidays_FullMethodName:        {Grants: cityHROnly},
	attendancev1.AttendanceService_GetWorkSchedule_FullMethodName:       {Grants: calendar, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_UpdateWorkSchedule_FullMethodName:    {Grants: hrWrite},
	attendancev1.AttendanceService_SetRamadanPeriod_FullMethodName:      {Grants: cityHROnly},
	attendancev1.AttendanceService_ListRamadanPeriods_FullMethodName:    {Grants: calendar, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_CreateShift_FullMethodName:           {Grants: hrWrite},
	attendancev1.AttendanceService_ListShifts_FullMethodName:            {Grants: calendar, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_SetRoster_FullMethodName:             {Grants: hrWrite},
	attendancev1.AttendanceService_ListRoster_FullMethodName:            {Grants: people, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_GetExpectedDay_FullMethodName:        {Grants: people, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_RecordAttendance_FullMethodName:      {Grants: selfOnly},
	attendancev1.AttendanceService_ListAttendanceRecords_FullMethodName: {Grants: people, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_ListAuditRecords_FullMethodName:      {Grants: auditors},

	// Leave (grants in leave.go): the workflow decides who really decides a request.
	attendancev1.AttendanceService_CreateLeaveRequest_FullMethodName:  {Grants: leaveSubmit},
	attendancev1.AttendanceService_GetLeaveRequest_FullMethodName:     {Grants: people, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_ListLeaveRequests_FullMethodName:   {Grants: people, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_ApproveLeaveRequest_FullMethodName: {Grants: leaveDecide},
	attendancev1.AttendanceService_RejectLeaveRequest_FullMethodName:  {Grants: leaveDecide},
	attendancev1.AttendanceService_DeferLeaveRequest_FullMethodName:   {Grants: leaveDecide},
	attendancev1.AttendanceService_CancelLeaveRequest_FullMethodName:  {Grants: leaveSubmit},
	attendancev1.AttendanceService_GetLeaveBalance_FullMethodName:     {Grants: people, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_ListOnLeave_FullMethodName:         {Grants: onLeave},

	// Closing days (HR) and the reports on them (personal data, narrowed by scope).
	attendancev1.AttendanceService_CloseDay_FullMethodName:                 {Grants: hrWrite},
	attendancev1.AttendanceService_ListDailyStatuses_FullMethodName:        {Grants: people, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_GetMonthlyRecap_FullMethodName:          {Grants: people, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_ExportMonthlyRecap_FullMethodName:       {Grants: people, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_ListDisciplineThresholds_FullMethodName: {Grants: people, ClientScope: ClientScopeRead},
}

// Idempotent lists the creating methods that honour an Idempotency-Key. RecordAttendance is
// idempotent by its client id as well; a client that also sends the key gets the stored answer
// for its retries, and a refusal (422) if it reuses the key for another check-in.
var Idempotent = []string{
	attendancev1.AttendanceService_CreateOffice_FullMethodName,
	attendancev1.AttendanceService_CreateHoliday_FullMethodName,
	attendancev1.AttendanceService_ImportHolidays_FullMethodName,
	attendancev1.AttendanceService_CreateShift_FullMethodName,
	attendancev1.AttendanceService_SetRoster_FullMethodName,
	attendancev1.AttendanceService_CreateLeaveRequest_FullMethodName,
	attendancev1.AttendanceService_RecordAttendance_FullMethodName,
}
