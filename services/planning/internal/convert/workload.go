package convert

import (
	"github.com/simpeg-id/simpeg/platform/pbconv"
	"github.com/simpeg-id/simpeg/platform/resource"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// The wire forms of the workload analysis, the position map, the retirement forecast and the
// formasi proposals (workforce.proto), and of a position's level.

var positionLevels = map[planningv1.PositionLevel]domain.PositionLevel{
	planningv1.PositionLevel_POSITION_LEVEL_JPT_UTAMA:     domain.LevelJPTUtama,
	planningv1.PositionLevel_POSITION_LEVEL_JPT_MADYA:     domain.LevelJPTMadya,
	planningv1.PositionLevel_POSITION_LEVEL_JPT_PRATAMA:   domain.LevelJPTPratama,
	planningv1.PositionLevel_POSITION_LEVEL_ADMINISTRATOR: domain.LevelAdministrator,
	planningv1.PositionLevel_POSITION_LEVEL_PENGAWAS:      domain.LevelPengawas,
	planningv1.PositionLevel_POSITION_LEVEL_PELAKSANA:     domain.LevelPelaksana,
	planningv1.PositionLevel_POSITION_LEVEL_PEMULA:        domain.LevelPemula,
	planningv1.PositionLevel_POSITION_LEVEL_TERAMPIL:      domain.LevelTerampil,
	planningv1.PositionLevel_POSITION_LEVEL_MAHIR:         domain.LevelMahir,
	planningv1.PositionLevel_POSITION_LEVEL_PENYELIA:      domain.LevelPenyelia,
	planningv1.PositionLevel_POSITION_LEVEL_AHLI_PERTAMA:  domain.LevelAhliPertama,
	planningv1.PositionLevel_POSITION_LEVEL_AHLI_MUDA:     domain.LevelAhliMuda,
	planningv1.PositionLevel_POSITION_LEVEL_AHLI_MADYA:    domain.LevelAhliMadya,
	planningv1.PositionLevel_POSITION_LEVEL_AHLI_UTAMA:    domain.LevelAhliUtama,
}

var formasiStates = map[planningv1.FormasiState]domain.FormasiState{
	planningv1.FormasiState_FORMASI_STATE_DRAFT:     domain.FormasiDraft,
	planningv1.FormasiState_FORMASI_STATE_SUBMITTED: domain.FormasiSubmitted,
	planningv1.FormasiState_FORMASI_STATE_RETURNED:  domain.FormasiReturned,
	planningv1.FormasiState_FORMASI_STATE_APPROVED:  domain.FormasiApproved,
}

var (
	positionLevelsPB = pbconv.Invert(positionLevels)
	formasiStatesPB  = pbconv.Invert(formasiStates)
)

// PositionLevel maps a protobuf level; unspecified is "" (not set).
func PositionLevel(l planningv1.PositionLevel) domain.PositionLevel { return positionLevels[l] }

// PositionLevelPB is the wire form of a level; "" is unspecified.
func PositionLevelPB(l domain.PositionLevel) planningv1.PositionLevel { return positionLevelsPB[l] }

// FormasiState maps a protobuf formasi state; unspecified is "".
func FormasiState(s planningv1.FormasiState) domain.FormasiState { return formasiStates[s] }

// WorkloadTasks reads a workload's tasks from the wire.
func WorkloadTasks(list []*planningv1.WorkloadTask) []domain.WorkloadTask {
	out := make([]domain.WorkloadTask, len(list))
	for i, t := range list {
		out[i] = domain.WorkloadTask{Task: t.GetTask(), OutputUnit: t.GetOutputUnit(), YearlyVolume: t.GetYearlyVolume(), StandardMinutes: int(t.GetStandardMinutes())}
	}
	return out
}

// PositionWorkloadPB is the wire form of a position's workload.
func PositionWorkloadPB(w domain.PositionWorkload) *planningv1.PositionWorkload {
	out := &planningv1.PositionWorkload{
		Position: app.PositionName(w.Position), Title: w.Title, Agency: w.Agency, Unit: w.Unit, TotalHours: w.TotalHours(),
		EffectiveHours: int32(w.EffectiveHours), NeedExact: w.NeedExact(), Need: int32(w.Need()), Holders: int32(w.Holders),
		Gap: int32(w.Gap()), Etag: resource.Etag(w.Version), UpdateTime: pbconv.Timestamp(w.Updated),
	}
	for _, t := range w.Tasks {
		out.Tasks = append(out.Tasks, &planningv1.WorkloadTask{Task: t.Task, OutputUnit: t.OutputUnit, YearlyVolume: t.YearlyVolume,
			StandardMinutes: int32(t.StandardMinutes), YearlyHours: t.YearlyHours()})
	}
	return out
}

// PositionMapPB is the wire form of a position map.
func PositionMapPB(m app.PositionMap) *planningv1.PositionMap {
	out := &planningv1.PositionMap{Agency: m.Agency, DisplayName: m.Name, Need: int32(m.Need), Holders: int32(m.Holders), Gap: int32(m.Gap()),
		PositionsWithWorkload: int32(m.WithWorkload), PositionsWithoutWorkload: int32(m.WithoutWorkload), Date: m.Date.String()}
	for _, u := range m.Units {
		un := &planningv1.UnitNeeds{Unit: u.Unit, DisplayName: u.Name, Parent: u.Parent, Need: int32(u.Need), Holders: int32(u.Holders), Gap: int32(u.Gap())}
		for _, p := range u.Positions {
			un.Positions = append(un.Positions, &planningv1.PositionNeed{Position: app.PositionName(p.ID), Title: p.Title, Kind: string(p.Kind),
				Class: int32(p.Class), Level: string(p.Level), Need: int32(p.Needed), FromWorkload: p.NeededFromWorkload,
				Holders: int32(p.Current), Gap: int32(p.Gap())})
		}
		out.Units = append(out.Units, un)
	}
	return out
}

// RetirementYearsPB is the wire form of a forecast's years.
func RetirementYearsPB(years []domain.RetirementYear) []*planningv1.RetirementYear {
	out := make([]*planningv1.RetirementYear, len(years))
	for i, y := range years {
		ry := &planningv1.RetirementYear{Year: int32(y.Year), Retiring: int32(y.Retiring), ByKind: map[string]int32{}, PositionsEmptied: int32(y.PositionsEmptied)}
		for k, n := range y.ByKind {
			ry.ByKind[k] = int32(n)
		}
		for _, pr := range y.Positions {
			p := &planningv1.PositionRetirements{Title: pr.Title, Agency: pr.Agency, Unit: pr.Unit, Kind: string(pr.Kind),
				HoldersNow: int32(pr.HoldersNow), HoldersLeft: int32(pr.HoldersLeft), Empties: pr.Empties}
			if pr.Position != "" {
				p.Position = app.PositionName(pr.Position)
			}
			for _, r := range pr.Retirees {
				p.Retirees = append(p.Retirees, &planningv1.Retiree{Employee: r.NIP, DisplayName: r.Name, BirthDate: r.Birth.String(),
					RetirementAge: int32(r.Age), RetirementDate: r.Date.String()})
			}
			ry.Positions = append(ry.Positions, p)
		}
		out[i] = ry
	}
	return out
}

// FormasiProposalPB is the wire form of a proposal; lines only when withLines (a list, and the
// events, carry none).
func FormasiProposalPB(p domain.FormasiProposal, withLines bool) *planningv1.FormasiProposal {
	out := &planningv1.FormasiProposal{
		Name: app.FormasiName(p.ID), Agency: p.Agency, AgencyDisplayName: p.AgencyName, FirstYear: int32(p.FirstYear),
		Years: domain.ForecastYears, State: formasiStatesPB[p.State], Totals: int32s(p.Totals), EffectiveHours: int32(p.EffectiveHours),
		CreatedBy: p.CreatedBy, DecidedBy: p.DecidedBy, Comment: p.Comment, DecreeNumber: p.DecreeNumber,
		Etag: resource.Etag(p.Version), CreateTime: pbconv.Timestamp(p.Created),
	}
	if !p.Decided.IsZero() {
		out.DecideTime = pbconv.Timestamp(p.Decided)
	}
	if !p.Submitted.IsZero() {
		out.SubmitTime = pbconv.Timestamp(p.Submitted)
	}
	if withLines {
		for _, l := range p.Lines {
			out.Lines = append(out.Lines, &planningv1.FormasiLine{Position: app.PositionName(l.Position), Title: l.Title, Unit: l.Unit,
				Kind: string(l.Kind), Class: int32(l.Class), Need: int32(l.Need), Holders: int32(l.Holders),
				Retirements: int32s(l.Retirements), Proposed: int32s(l.Proposed), Total: int32(l.Total)})
		}
	}
	return out
}

func int32s(xs []int) []int32 {
	out := make([]int32, len(xs))
	for i, x := range xs {
		out[i] = int32(x)
	}
	return out
}
