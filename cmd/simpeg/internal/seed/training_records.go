package seed

// The training demo's records beside the sessions: external training and HR's decisions, the
// internship cohort with its placements, logbooks and final assessment, the development plans
// and the competency assessments.

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/simpeg-id/simpeg/platform/auth"
)

// The external training state the seed acts on.
const externalSubmitted = "EXTERNAL_TRAINING_STATE_SUBMITTED"

// storedExternal is the part of a stored external training the seed reads.
type storedExternal struct {
	Name     string `json:"name"`
	Employee string `json:"employee"`
	Title    string `json:"title"`
	State    string `json:"state"`
}

// loadExternal records the plan's external training, by the employee when the seed can sign
// their token and by city HR otherwise, and takes HR's decisions (with history).
func (t *trainingLoader) loadExternal(ctx context.Context) error {
	var specs []externalSpec
	for _, x := range t.plan.Externals {
		if x.Decision == "" || !t.noHistory {
			specs = append(specs, x)
		}
	}
	found := map[string]storedExternal{}
	var agencies []string
	for _, x := range specs {
		if !slices.Contains(agencies, x.Agency) {
			agencies = append(agencies, x.Agency)
		}
	}
	for _, a := range agencies {
		list, err := listAll[storedExternal](ctx, t, "list "+a+"'s external training", "/v1/externalTrainings?agency="+url.QueryEscape(a), "externalTrainings")
		if err != nil {
			return err
		}
		for _, x := range list {
			found[x.Employee+"|"+x.Title] = x
		}
	}
	t.prog.begin("external training", len(specs))
	defer t.prog.end()
	return t.parallel(ctx, len(specs), func(ctx context.Context, i int) error {
		x := specs[i]
		stored, ok := found[x.NIP+"|"+x.Title]
		if ok {
			t.count(func(st *TrainingStats) { st.ExternalPresent++ })
		} else {
			m := map[string]any{"title": x.Title, "provider": x.Provider, "form": x.Form,
				"startDate": date(x.Start), "endDate": date(x.End), "evidence": x.Evidence}
			if x.Minutes > 0 {
				m["minutes"] = x.Minutes
			} else {
				m["jp"] = x.JP
			}
			bearer := ""
			if t.signer != nil {
				tok, err := t.token(auth.RoleEmployee, x.NIP, x.Agency)
				if err != nil {
					return err
				}
				bearer = tok
			} else {
				m["employee"] = x.NIP
			}
			if _, err := t.postNew(ctx, "record "+x.NIP+"'s external training", "/v1/externalTrainings", jsonBody(m), bearer, &stored); err != nil {
				return err
			}
			t.count(func(st *TrainingStats) { st.ExternalCreated++ })
		}
		if stored.State == externalSubmitted && x.Decision != "" && !t.noHistory {
			body := jsonBody(map[string]any{"approve": x.Decision == "verify", "reason": x.Reason})
			if err := t.callJSON(ctx, request{method: http.MethodPost, what: "decide " + stored.Name,
				path: "/v1/" + stored.Name + ":verify", body: body}, nil); err != nil {
				return err
			}
			t.count(func(st *TrainingStats) { st.ExternalDecided++ })
		}
		t.prog.add(1)
		return nil
	})
}

// storedPlacement is the part of a stored placement the seed reads.
type storedPlacement struct {
	Name     string `json:"name"`
	Employee string `json:"employee"`
	Student  struct {
		StudentNumber string `json:"studentNumber"`
	} `json:"student"`
	State string `json:"state"`
}

// storedLogbookEntry is the part of a stored logbook entry the seed reads.
type storedLogbookEntry struct {
	Name     string `json:"name"`
	Date     string `json:"date"`
	Reviewed bool   `json:"reviewed"`
}

// logbookTexts are the demo's logbook activities and outcomes, by the entry's place.
var logbookTexts = [][2]string{
	{"Memetakan perangkat jaringan dan mencatat konfigurasi di ruang server bersama mentor.", "Diagram jaringan lantai 2 diperbarui."},
	{"Menguji formulir layanan daring dan mencatat temuan aksesibilitas.", "Daftar 12 perbaikan diserahkan ke tim pengembang."},
	{"Menyusun dokumentasi pengguna aplikasi layanan dan mempresentasikannya di rapat tim.", "Draf panduan pengguna selesai ditinjau."},
}

// loadCohort opens the internship cohort under its agreement, places its participants, and
// (with history) writes their logbooks, has the mentors review them and assess the placement the
// plan assesses.
func (t *trainingLoader) loadCohort(ctx context.Context) error {
	c := t.plan.Cohort
	type storedAgreement struct {
		Name   string `json:"name"`
		Number string `json:"number"`
	}
	agreements, err := listAll[storedAgreement](ctx, t, "list the agreements of "+c.Partner, "/v1/partners/"+c.Partner+"/agreements", "agreements")
	if err != nil {
		return err
	}
	agreement := ""
	for _, a := range agreements {
		if a.Number == c.Agreement {
			agreement = a.Name
		}
	}
	if agreement == "" {
		t.skip("the internship cohort: agreement " + c.Agreement + " is not there")
		return nil
	}
	type storedCohort struct {
		Name        string `json:"name"`
		DisplayName string `json:"displayName"`
	}
	cohorts, err := listAll[storedCohort](ctx, t, "list the cohorts of "+agreement, "/v1/cohorts?agreement="+url.QueryEscape(agreement), "cohorts")
	if err != nil {
		return err
	}
	var cohort storedCohort
	for _, x := range cohorts {
		if x.DisplayName == c.Name {
			cohort = x
		}
	}
	if cohort.Name != "" {
		t.count(func(st *TrainingStats) { st.CohortsPresent++ })
	} else {
		var quotas []map[string]any
		for _, a := range sortedKeys(c.Quotas) {
			quotas = append(quotas, map[string]any{"agency": a, "seats": c.Quotas[a]})
		}
		body := jsonBody(map[string]any{"displayName": c.Name, "agreement": agreement, "programme": "programmes/" + progInternship,
			"startDate": date(c.Start), "endDate": date(c.End), "quotas": quotas})
		if _, err := t.postNew(ctx, "open cohort "+c.Name, "/v1/cohorts", body, "", &cohort); err != nil {
			return err
		}
		t.count(func(st *TrainingStats) { st.CohortsCreated++ })
	}

	list, err := listAll[storedPlacement](ctx, t, "list the placements of "+cohort.Name, "/v1/placements?cohort="+url.QueryEscape(cohort.Name), "placements")
	if err != nil {
		return err
	}
	found := map[string]storedPlacement{}
	for _, p := range list {
		found[p.Employee+"|"+p.Student.StudentNumber] = p
	}
	placements := make([]storedPlacement, len(c.Placements))
	t.prog.begin("placements", len(c.Placements))
	for i, x := range c.Placements {
		p, ok := found[x.NIP+"|"+x.StudentNumber]
		if ok {
			t.count(func(st *TrainingStats) { st.PlacementsPresent++ })
		} else {
			m := map[string]any{"cohort": cohort.Name, "agency": x.Agency, "unit": x.Unit, "mentor": x.Mentor}
			if !x.End.IsZero() {
				m["endDate"] = date(x.End)
			}
			if x.NIP != "" {
				m["employee"] = x.NIP
			} else {
				m["student"] = map[string]string{"fullName": x.Student, "studentNumber": x.StudentNumber,
					"institution": x.Institution, "studyProgramme": x.StudyProgramme}
			}
			if _, err := t.postNew(ctx, "place "+x.NIP+x.Student+" in "+cohort.Name, "/v1/placements", jsonBody(m), "", &p); err != nil {
				t.prog.end()
				return err
			}
			t.count(func(st *TrainingStats) { st.PlacementsCreated++ })
		}
		placements[i] = p
		t.prog.add(1)
	}
	t.prog.end()
	if t.noHistory || t.signer == nil {
		return nil
	}
	t.prog.begin("logbooks", len(c.Placements))
	defer t.prog.end()
	return t.parallel(ctx, len(c.Placements), func(ctx context.Context, i int) error {
		if err := t.logbook(ctx, c.Placements[i], placements[i]); err != nil {
			return err
		}
		t.prog.add(1)
		return nil
	})
}

// logbook writes the placement's missing logbook entries (the participant when an employee,
// the mentor for a student), has the mentor approve the first ones, and assesses it when the
// plan says so.
func (t *trainingLoader) logbook(ctx context.Context, x placementSpec, p storedPlacement) error {
	mentor, err := t.token(auth.RoleEmployee, x.Mentor, x.Agency)
	if err != nil {
		return err
	}
	author := mentor
	if x.NIP != "" {
		if author, err = t.token(auth.RoleEmployee, x.NIP, x.Agency); err != nil {
			return err
		}
	}
	entries, err := listAll[storedLogbookEntry](ctx, t, "read the logbook of "+p.Name, "/v1/"+p.Name+"/logbookEntries", "logbookEntries")
	if err != nil {
		return err
	}
	byDate := map[string]storedLogbookEntry{}
	for _, e := range entries {
		byDate[e.Date] = e
	}
	for i, d := range x.Logbook {
		day := date(d)
		e, ok := byDate[day]
		if ok {
			t.count(func(st *TrainingStats) { st.LogbookPresent++ })
		} else if p.State == "PLACEMENT_STATE_ACTIVE" {
			text := logbookTexts[i%len(logbookTexts)]
			body := jsonBody(map[string]any{"date": day, "activities": text[0], "hours": 7, "outcome": text[1]})
			if _, err := t.postNew(ctx, "write "+day+" in the logbook of "+p.Name, "/v1/"+p.Name+"/logbookEntries", body, author, &e); err != nil {
				return err
			}
			t.count(func(st *TrainingStats) { st.LogbookCreated++ })
		} else {
			continue
		}
		if i < x.Reviewed && !e.Reviewed && p.State == "PLACEMENT_STATE_ACTIVE" {
			body := jsonBody(map[string]any{"approved": true, "comment": "Sesuai rencana kegiatan; lanjutkan."})
			if err := t.callJSON(ctx, request{method: http.MethodPost, what: "review " + e.Name, path: "/v1/" + e.Name + ":review",
				body: body, bearer: mentor}, nil); err != nil {
				return err
			}
			t.count(func(st *TrainingStats) { st.LogbookReviewed++ })
		}
	}
	if x.Assess > 0 && p.State == "PLACEMENT_STATE_ACTIVE" {
		body := jsonBody(map[string]any{"score": x.Assess, "passed": true,
			"notes": "Data contoh (ilustrasi): menyelesaikan seluruh tugas magang dengan baik; logbook lengkap dan disetujui mentor."})
		if err := t.callJSON(ctx, request{method: http.MethodPost, what: "assess " + p.Name, path: "/v1/" + p.Name + ":assess",
			body: body, bearer: mentor}, nil); err != nil {
			return err
		}
		t.count(func(st *TrainingStats) { st.PlacementsAssessed++ })
	}
	return nil
}

// sortedKeys returns m's keys in order.
func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// loadPlans creates the development plans (city HR); a plan already there is left as it is.
func (t *trainingLoader) loadPlans(ctx context.Context) error {
	for _, p := range t.plan.Plans {
		var lines []map[string]any
		for _, l := range p.Lines {
			lines = append(lines, map[string]any{"programme": "programmes/" + l.Programme, "competency": l.Competency,
				"seats": l.Seats, "budget": int64(l.Seats) * programmeByID(l.Programme).CostPerSeat, "note": l.Note})
		}
		body := jsonBody(map[string]any{"agency": p.Agency, "year": p.Year, "note": p.Note, "lines": lines})
		created, err := t.postNamed(ctx, "create "+p.Agency+"'s development plan", "/v1/developmentPlans", body)
		if err != nil {
			return err
		}
		t.count(func(st *TrainingStats) { tally(created, &st.PlansCreated, &st.PlansPresent) })
	}
	return nil
}

// loadAssessments records the competency assessments: formal ones by city HR, self-assessments
// by the employee (when the seed can sign their token), verified by city HR where the plan
// says so. An assessment of the same competency, date and source is taken to be there.
func (t *trainingLoader) loadAssessments(ctx context.Context) error {
	type storedAssessment struct {
		Name       string `json:"name"`
		Competency string `json:"competency"`
		Date       string `json:"date"`
		Source     string `json:"source"`
		Verified   bool   `json:"verified"`
	}
	as := t.plan.Assessments
	t.prog.begin("assessments", len(as))
	defer t.prog.end()
	return t.parallel(ctx, len(as), func(ctx context.Context, i int) error {
		x := as[i]
		self := x.Source == "ASSESSMENT_SOURCE_SELF_ASSESSMENT"
		if self && t.signer == nil {
			t.prog.add(1)
			return nil
		}
		var profile struct {
			Assessments []storedAssessment `json:"assessments"`
		}
		if err := t.callJSON(ctx, request{method: http.MethodGet, what: "read " + x.NIP + "'s competency profile",
			path: "/v1/competencyProfile?employee=" + url.QueryEscape(x.NIP)}, &profile); err != nil {
			return err
		}
		var stored storedAssessment
		for _, a := range profile.Assessments {
			if a.Competency == x.Competency && a.Date == date(x.Date) && a.Source == x.Source {
				stored = a
			}
		}
		if stored.Name != "" {
			t.count(func(st *TrainingStats) { st.AssessmentsPresent++ })
		} else {
			m := map[string]any{"competency": x.Competency, "level": x.Level, "date": date(x.Date), "source": x.Source, "note": x.Note}
			bearer := ""
			if self {
				tok, err := t.token(auth.RoleEmployee, x.NIP, x.Agency)
				if err != nil {
					return err
				}
				bearer = tok
			} else {
				m["employee"] = x.NIP
			}
			if _, err := t.postNew(ctx, "record an assessment of "+x.NIP, "/v1/assessments", jsonBody(m), bearer, &stored); err != nil {
				return err
			}
			t.count(func(st *TrainingStats) { st.AssessmentsCreated++ })
		}
		if x.Verify && !stored.Verified {
			if err := t.callJSON(ctx, request{method: http.MethodPost, what: "verify " + stored.Name,
				path: "/v1/" + stored.Name + ":verify", body: jsonBody(map[string]any{})}, nil); err != nil {
				return err
			}
			t.count(func(st *TrainingStats) { st.AssessmentsVerified++ })
		}
		t.prog.add(1)
		return nil
	})
}
