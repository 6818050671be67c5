package grpcapi

import (
	"context"

	"github.com/simpeg-id/simpeg/platform/resource"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/convert"
)

// CreateOffice registers an office.
func (s *Server) CreateOffice(ctx context.Context, req *attendancev1.CreateOfficeRequest) (*attendancev1.CreateOfficeResponse, error) {
	in := convert.Office(req.GetOffice())
	in.ID = req.GetOfficeId()
	o, err := s.app.CreateOffice(ctx, in)
	if err != nil {
		return nil, err
	}
	return &attendancev1.CreateOfficeResponse{Office: convert.OfficePB(o)}, nil
}

// GetOffice reads an office.
func (s *Server) GetOffice(ctx context.Context, req *attendancev1.GetOfficeRequest) (*attendancev1.GetOfficeResponse, error) {
	id, err := resource.NameID(req.GetName(), "offices/", "", "name")
	if err != nil {
		return nil, err
	}
	o, err := s.app.GetOffice(ctx, id)
	if err != nil {
		return nil, err
	}
	return &attendancev1.GetOfficeResponse{Office: convert.OfficePB(o)}, nil
}

// ListOffices lists offices.
func (s *Server) ListOffices(ctx context.Context, req *attendancev1.ListOfficesRequest) (*attendancev1.ListOfficesResponse, error) {
	offices, next, err := s.app.ListOffices(ctx, req.GetAgency(), int(req.GetPageSize()), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	out := &attendancev1.ListOfficesResponse{NextPageToken: next, Offices: make([]*attendancev1.Office, len(offices))}
	for i, o := range offices {
		out.Offices[i] = convert.OfficePB(o)
	}
	return out, nil
}

// UpdateOffice changes the fields of an office named in the update mask.
func (s *Server) UpdateOffice(ctx context.Context, req *attendancev1.UpdateOfficeRequest) (*attendancev1.UpdateOfficeResponse, error) {
	id, err := resource.NameID(req.GetOffice().GetName(), "offices/", "", "office.name")
	if err != nil {
		return nil, err
	}
	o, err := s.app.UpdateOffice(ctx, id, req.GetOffice().GetEtag(), req.GetUpdateMask().GetPaths(), convert.Office(req.GetOffice()))
	if err != nil {
		return nil, err
	}
	return &attendancev1.UpdateOfficeResponse{Office: convert.OfficePB(o)}, nil
}

// CreateHoliday adds a holiday.
func (s *Server) CreateHoliday(ctx context.Context, req *attendancev1.CreateHolidayRequest) (*attendancev1.CreateHolidayResponse, error) {
	in, err := convert.Holiday(req.GetHoliday(), "holiday")
	if err != nil {
		return nil, err
	}
	h, err := s.app.CreateHoliday(ctx, in)
	if err != nil {
		return nil, err
	}
	return &attendancev1.CreateHolidayResponse{Holiday: convert.HolidayPB(h)}, nil
}

// ListHolidays returns a year's holidays.
func (s *Server) ListHolidays(ctx context.Context, req *attendancev1.ListHolidaysRequest) (*attendancev1.ListHolidaysResponse, error) {
	hs, err := s.app.ListHolidays(ctx, int(req.GetYear()))
	if err != nil {
		return nil, err
	}
	return &attendancev1.ListHolidaysResponse{Holidays: convert.HolidaysPB(hs)}, nil
}

// DeleteHoliday removes a holiday.
func (s *Server) DeleteHoliday(ctx context.Context, req *attendancev1.DeleteHolidayRequest) (*attendancev1.DeleteHolidayResponse, error) {
	date, err := resource.NameID(req.GetName(), "holidays/", "", "name")
	if err != nil {
		return nil, err
	}
	d, err := convert.Date(date, "name")
	if err != nil {
		return nil, err
	}
	if err := s.app.DeleteHoliday(ctx, d); err != nil {
		return nil, err
	}
	return &attendancev1.DeleteHolidayResponse{}, nil
}

// ImportHolidays loads a decree's holidays.
func (s *Server) ImportHolidays(ctx context.Context, req *attendancev1.ImportHolidaysRequest) (*attendancev1.ImportHolidaysResponse, error) {
	hs, err := s.app.ImportHolidays(ctx, convert.ImportFormat(req.GetFormat()), req.GetContent())
	if err != nil {
		return nil, err
	}
	return &attendancev1.ImportHolidaysResponse{Holidays: convert.HolidaysPB(hs)}, nil
}

// GetWorkSchedule returns an agency's working hours.
func (s *Server) GetWorkSchedule(ctx context.Context, req *attendancev1.GetWorkScheduleRequest) (*attendancev1.GetWorkScheduleResponse, error) {
	agency, err := resource.NameID(req.GetName(), "agencies/", "/workSchedule", "name")
	if err != nil {
		return nil, err
	}
	ws, own, err := s.app.GetWorkSchedule(ctx, agency)
	if err != nil {
		return nil, err
	}
	national := !own || (ws.Regular == nil && ws.Ramadan == nil)
	return &attendancev1.GetWorkScheduleResponse{WorkSchedule: convert.WorkSchedulePB(ws, national)}, nil
}

// UpdateWorkSchedule sets an agency's working hours.
func (s *Server) UpdateWorkSchedule(ctx context.Context, req *attendancev1.UpdateWorkScheduleRequest) (*attendancev1.UpdateWorkScheduleResponse, error) {
	agency, err := resource.NameID(req.GetWorkSchedule().GetName(), "agencies/", "/workSchedule", "work_schedule.name")
	if err != nil {
		return nil, err
	}
	in, err := convert.WorkSchedule(agency, req.GetWorkSchedule())
	if err != nil {
		return nil, err
	}
	ws, err := s.app.UpdateWorkSchedule(ctx, in)
	if err != nil {
		return nil, err
	}
	national := ws.Regular == nil && ws.Ramadan == nil
	return &attendancev1.UpdateWorkScheduleResponse{WorkSchedule: convert.WorkSchedulePB(ws, national)}, nil
}

// SetRamadanPeriod sets a year's Ramadan period.
func (s *Server) SetRamadanPeriod(ctx context.Context, req *attendancev1.SetRamadanPeriodRequest) (*attendancev1.SetRamadanPeriodResponse, error) {
	in, err := convert.RamadanPeriod(req.GetRamadanPeriod())
	if err != nil {
		return nil, err
	}
	p, err := s.app.SetRamadanPeriod(ctx, in)
	if err != nil {
		return nil, err
	}
	return &attendancev1.SetRamadanPeriodResponse{RamadanPeriod: convert.RamadanPeriodPB(p)}, nil
}

// ListRamadanPeriods returns the Ramadan periods.
func (s *Server) ListRamadanPeriods(ctx context.Context, _ *attendancev1.ListRamadanPeriodsRequest) (*attendancev1.ListRamadanPeriodsResponse, error) {
	ps, err := s.app.ListRamadanPeriods(ctx)
	if err != nil {
		return nil, err
	}
	out := &attendancev1.ListRamadanPeriodsResponse{RamadanPeriods: make([]*attendancev1.RamadanPeriod, len(ps))}
	for i, p := range ps {
		out.RamadanPeriods[i] = convert.RamadanPeriodPB(p)
	}
	return out, nil
}

// CreateShift adds a shift to an agency.
func (s *Server) CreateShift(ctx context.Context, req *attendancev1.CreateShiftRequest) (*attendancev1.CreateShiftResponse, error) {
	agency, err := resource.NameID(req.GetParent(), "agencies/", "", "parent")
	if err != nil {
		return nil, err
	}
	in, err := convert.Shift(agency, req.GetShift())
	if err != nil {
		return nil, err
	}
	sh, err := s.app.CreateShift(ctx, in)
	if err != nil {
		return nil, err
	}
	return &attendancev1.CreateShiftResponse{Shift: convert.ShiftPB(sh)}, nil
}

// ListShifts returns an agency's shifts.
func (s *Server) ListShifts(ctx context.Context, req *attendancev1.ListShiftsRequest) (*attendancev1.ListShiftsResponse, error) {
	agency, err := resource.NameID(req.GetParent(), "agencies/", "", "parent")
	if err != nil {
		return nil, err
	}
	shs, err := s.app.ListShifts(ctx, agency)
	if err != nil {
		return nil, err
	}
	out := &attendancev1.ListShiftsResponse{Shifts: make([]*attendancev1.Shift, len(shs))}
	for i, sh := range shs {
		out.Shifts[i] = convert.ShiftPB(sh)
	}
	return out, nil
}

// SetRoster assigns employees to shifts by date.
func (s *Server) SetRoster(ctx context.Context, req *attendancev1.SetRosterRequest) (*attendancev1.SetRosterResponse, error) {
	entries, err := convert.RosterEntries(req.GetEntries())
	if err != nil {
		return nil, err
	}
	n, err := s.app.SetRoster(ctx, entries)
	if err != nil {
		return nil, err
	}
	return &attendancev1.SetRosterResponse{Stored: int32(n)}, nil
}

// ListRoster returns an employee's roster between two dates.
func (s *Server) ListRoster(ctx context.Context, req *attendancev1.ListRosterRequest) (*attendancev1.ListRosterResponse, error) {
	nip, err := resource.NameID(req.GetEmployee(), "employees/", "", "employee")
	if err != nil {
		return nil, err
	}
	from, err := convert.Date(req.GetStartDate(), "start_date")
	if err != nil {
		return nil, err
	}
	to, err := convert.Date(req.GetEndDate(), "end_date")
	if err != nil {
		return nil, err
	}
	entries, err := s.app.ListRoster(ctx, nip, from, to)
	if err != nil {
		return nil, err
	}
	out := &attendancev1.ListRosterResponse{Entries: make([]*attendancev1.RosterEntry, len(entries))}
	for i, e := range entries {
		out.Entries[i] = convert.RosterEntryPB(e)
	}
	return out, nil
}

// GetExpectedDay says whether a date is a working day for an employee.
func (s *Server) GetExpectedDay(ctx context.Context, req *attendancev1.GetExpectedDayRequest) (*attendancev1.GetExpectedDayResponse, error) {
	nip, err := resource.NameID(req.GetEmployee(), "employees/", "", "employee")
	if err != nil {
		return nil, err
	}
	d, err := convert.Date(req.GetDate(), "date")
	if err != nil {
		return nil, err
	}
	e, ec, err := s.app.GetExpectedDay(ctx, nip, d)
	if err != nil {
		return nil, err
	}
	return &attendancev1.GetExpectedDayResponse{ExpectedDay: convert.ExpectedDayPB(e, ec)}, nil
}
