package store

import (
	"context"

	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// ActiveLeaveOn returns the requests not yet decided or approved (submitted, awaiting the second
// approval, deferred, approved) whose period covers date, by employee: those a calendar change
// by decree recounts.
func (r reader) ActiveLeaveOn(ctx context.Context, date domain.Date) ([]app.LeaveRequest, error) {
	return r.queryLeave(ctx, "active leave on a date", `SELECT `+leaveCols+` FROM leave_requests
		WHERE state IN ($1, $2, $3, $4) AND end_date >= $5 AND start_date <= $5 ORDER BY employee, start_date, id`,
		string(domain.RequestSubmitted), string(domain.RequestAwaitingSecondApproval), string(domain.RequestDeferred),
		string(domain.RequestApproved), date.String())
}
