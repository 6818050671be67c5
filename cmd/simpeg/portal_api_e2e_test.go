package main

// The REST calls the portal makes that issue 9 added to the API, through the real binary.

// createdLeave is the leave request of a POST /v1/leaveRequests answer: since issue 9 the
// answer is the whole CreateLeaveRequestResponse, {"leaveRequest": {…}, "annualDaysAvailable",
// "annualDaysPending", "annualDaysAfter"}.
func (r reply) createdLeave() map[string]any {
	m, _ := r.body["leaveRequest"].(map[string]any)
	return m
}
