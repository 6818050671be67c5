package grpcapi

import (
	"github.com/simpeg-id/simpeg/platform/auth"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
)

// ClientScopeRead is the OAuth scope a service client needs to read attendance data.
const ClientScopeRead = "attendance.read"

// The grant sets only attendance uses; the shared ones are in platform/auth. For leave, the
// authorization table lets each role reach as far as it may; the leave workflow then decides who
// really decides a request (the direct supervisor, agency HR for the second approval, the
// employee for a cancellation).
var (
	// selfOnly: something only the employee does for themselves (checking in).
	selfOnly = map[auth.Role]auth.Scope{auth.RoleEmployee: auth.ScopeSelf, auth.RoleSupervisor: auth.ScopeSelf}
	// leaveSubmit: an employee (or supervisor) asks for themselves; HR for employees of their reach.
	leaveSubmit = map[auth.Role]auth.Scope{
		auth.RoleEmployee: auth.ScopeSelf, auth.RoleSupervisor: auth.ScopeSelf, auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll,
	}
	// leaveDecide: approving, rejecting, deferring.
	leaveDecide = map[auth.Role]auth.Scope{
		auth.RoleSupervisor: auth.ScopeSubordinates, auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll,
	}
	// onLeave: who is on leave, for those who plan the work.
	onLeave = map[auth.Role]auth.Scope{
		auth.RoleSupervisor: auth.ScopeSubordinates, auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll,
	}
	// teamDay: a team's day as it stands, for those who run the team: a supervisor their
	// subordinates, agency HR their agency, city HR and auditors any agency; not employees.
	teamDay = map[auth.Role]auth.Scope{
		auth.RoleSupervisor: auth.ScopeSubordinates, auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll,
	}
	// dashboards: an agency's attendance as a whole, for HR and the inspectorate.
	dashboards = map[auth.Role]auth.Scope{auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll}
)

// Rules is the attendance service's authorization table: every method and who may call it. A
// method missing here is denied; a test proves every method of the service is listed. The
// calendar (holidays, hours, offices) is not personal data, so every caller reads it.
var Rules = auth.Rules{
	attendancev1.AttendanceService_CreateOffice_FullMethodName:          {Grants: auth.HRWrite},
	attendancev1.AttendanceService_GetOffice_FullMethodName:             {Grants: auth.Everyone, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_ListOffices_FullMethodName:           {Grants: auth.Everyone, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_UpdateOffice_FullMethodName:          {Grants: auth.HRWrite},
	attendancev1.AttendanceService_CreateHoliday_FullMethodName:         {Grants: auth.CityHROnly},
	attendancev1.AttendanceService_ListHolidays_FullMethodName:          {Grants: auth.Everyone, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_DeleteHoliday_FullMethodName:         {Grants: auth.CityHROnly},
	attendancev1.AttendanceService_ImportHolidays_FullMethodName:        {Grants: auth.CityHROnly},
	attendancev1.AttendanceService_GetWorkSchedule_FullMethodName:       {Grants: auth.Everyone, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_UpdateWorkSchedule_FullMethodName:    {Grants: auth.HRWrite},
	attendancev1.AttendanceService_SetRamadanPeriod_FullMethodName:      {Grants: auth.CityHROnly},
	attendancev1.AttendanceService_ListRamadanPeriods_FullMethodName:    {Grants: auth.Everyone, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_CreateShift_FullMethodName:           {Grants: auth.HRWrite},
	attendancev1.AttendanceService_ListShifts_FullMethodName:            {Grants: auth.Everyone, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_SetRoster_FullMethodName:             {Grants: auth.HRWrite},
	attendancev1.AttendanceService_ListRoster_FullMethodName:            {Grants: auth.People, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_GetExpectedDay_FullMethodName:        {Grants: auth.People, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_RecordAttendance_FullMethodName:      {Grants: selfOnly},
	attendancev1.AttendanceService_ListAttendanceRecords_FullMethodName: {Grants: auth.People, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_ListAuditRecords_FullMethodName:      {Grants: auth.Auditors},

	// Leave: the workflow decides who really decides a request.
	attendancev1.AttendanceService_CreateLeaveRequest_FullMethodName:  {Grants: leaveSubmit},
	attendancev1.AttendanceService_GetLeaveRequest_FullMethodName:     {Grants: auth.People, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_ListLeaveRequests_FullMethodName:   {Grants: auth.People, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_ApproveLeaveRequest_FullMethodName: {Grants: leaveDecide},
	attendancev1.AttendanceService_RejectLeaveRequest_FullMethodName:  {Grants: leaveDecide},
	attendancev1.AttendanceService_DeferLeaveRequest_FullMethodName:   {Grants: leaveDecide},
	attendancev1.AttendanceService_CancelLeaveRequest_FullMethodName:  {Grants: leaveSubmit},
	attendancev1.AttendanceService_GetLeaveBalance_FullMethodName:     {Grants: auth.People, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_ListOnLeave_FullMethodName:         {Grants: onLeave},
	// Supporting documents (app/documents.go): uploaded by whoever files leave; read by the
	// uploader and, once attached, by whoever may read the request.
	attendancev1.AttendanceService_UploadDocument_FullMethodName: {Grants: leaveSubmit},
	attendancev1.AttendanceService_GetDocument_FullMethodName:    {Grants: auth.People, ClientScope: ClientScopeRead},

	// Go-live import of opening balances (app/leave_import.go): city HR only.
	attendancev1.AttendanceService_ImportOpeningBalances_FullMethodName: {Grants: auth.CityHROnly},
	// Go-live import of leave approved before go-live (app/leave_import_approved.go): city HR only.
	attendancev1.AttendanceService_ImportApprovedLeave_FullMethodName: {Grants: auth.CityHROnly},

	// Closing days (HR) and the reports on them (personal data, narrowed by scope).
	attendancev1.AttendanceService_CloseDay_FullMethodName:                 {Grants: auth.HRWrite},
	attendancev1.AttendanceService_ListDailyStatuses_FullMethodName:        {Grants: auth.People, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_GetMonthlyRecap_FullMethodName:          {Grants: auth.People, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_ExportMonthlyRecap_FullMethodName:       {Grants: auth.People, ClientScope: ClientScopeRead},
	attendancev1.AttendanceService_ListDisciplineThresholds_FullMethodName: {Grants: auth.People, ClientScope: ClientScopeRead},

	// The portal's views of a day that is still running (app/teamday.go).
	attendancev1.AttendanceService_ListTeamDay_FullMethodName:          {Grants: teamDay},
	attendancev1.AttendanceService_GetAttendanceSummary_FullMethodName: {Grants: dashboards},
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
	attendancev1.AttendanceService_UploadDocument_FullMethodName,
}
