package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// The reads of a team's day (app/teamday.go): who is in the team on a date, from the directory
// copy, and the closed days of a date.

// TeamMembers returns the directory copy's employees of q serving on q.Date, by NIP, each with
// the agency and unit in force that day (as ActiveEmployees) and the unit's name from the copy's
// agencies ("" when it has none). q.Supervisor keeps their direct reports, or with q.Indirect
// everyone below them in the supervisor tree; q.Agency keeps that agency's.
func (r reader) TeamMembers(ctx context.Context, q app.TeamMemberQuery) ([]app.TeamMember, error) {
	args := []any{q.Date.String()}
	with, where := "", `(e.status = 'active' OR p.nip IS NOT NULL)`
	if q.Agency != "" {
		args = append(args, q.Agency)
		where += ` AND COALESCE(p.agency, e.agency) = $` + strconv.Itoa(len(args))
	}
	if q.Supervisor != "" {
		args = append(args, q.Supervisor)
		n := strconv.Itoa(len(args))
		if q.Indirect {
			with = teamCTE(len(args))
			where += ` AND e.nip IN (SELECT nip FROM team) AND e.nip <> $` + n
		} else {
			where += ` AND e.supervisor = $` + n
		}
	}
	out, err := database.Query(ctx, r.q, func(sc database.Scanner) (app.TeamMember, error) {
		var m app.TeamMember
		e := &m.Employee
		err := sc.Scan(&e.NIP, &e.DisplayName, &e.Sex, &e.BirthDate, &e.AppointmentDate, &e.EmploymentType, &e.Rank,
			&e.Agency, &e.Unit, &e.Position, &e.Supervisor, &e.Status, &e.Version, &m.UnitName)
		return m, err
	}, with+`SELECT e.nip, e.display_name, e.sex, e.birth_date, e.appointment_date, e.employment_type, e.rank,
			COALESCE(p.agency, e.agency), COALESCE(p.unit, e.unit), e.position, e.supervisor, e.status, e.version,
			COALESCE(u.display_name, '')
		FROM directory_employees e LEFT JOIN directory_assignments p ON `+directory.PeriodOn(1)+`
		LEFT JOIN directory_agencies u ON u.code = COALESCE(p.unit, e.unit)
		WHERE `+where+` ORDER BY e.nip`, args...)
	if err != nil {
		return nil, fmt.Errorf("listing the team: %w", err)
	}
	return out, nil
}

// ClosedDaysOn returns the closed day of each of employees on date that has one.
func (r reader) ClosedDaysOn(ctx context.Context, date domain.Date, employees []string) (map[string]app.DailyStatus, error) {
	out := make(map[string]app.DailyStatus, len(employees))
	err := database.EachIn(ctx, r.q, employees, inChunk, func(sc database.Scanner) error {
		s, err := scanDailyStatus(sc)
		if err != nil {
			return err
		}
		out[s.Employee] = s
		return nil
	}, func(list string) string {
		return `SELECT ` + dailyCols + ` FROM daily_statuses WHERE date = $1 AND employee IN (` + list + `)`
	}, date.String())
	if err != nil {
		return nil, fmt.Errorf("reading the closed days: %w", err)
	}
	return out, nil
}
