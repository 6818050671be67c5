package domain

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// Realisation and evidence (PermenPANRB 6/2022, the execution stage): through the year the
// holder documents what they achieved against each indicator of their approved SKP, period by
// period, with the evidence that shows it — a link or a reference to a document.

// Limits of a realisation (the proto's contract).
const (
	// MaxEvidence is how many pieces of evidence one realisation carries at most.
	MaxEvidence          = 10
	maxRealisationValue  = 2000
	maxEvidenceTitle     = 200
	maxEvidenceURI       = 1000
	documentEvidencePref = "dokumen:"
)

// Evidence is a reference supporting a realisation: a link (http:// or https://) or a document
// reference ("dokumen:ND/123/2026").
type Evidence struct {
	Title string `json:"title"`
	URI   string `json:"uri"`
}

// Realisation is what the holder achieved against one indicator of an SKP in one period.
type Realisation struct {
	Skp         string
	ResultID    string
	IndicatorID string
	Period      string // q1 … q4, m01 … m12
	Value       string
	Evidence    []Evidence
	Version     int64
	Updated     time.Time
}

// RequireRealisable refuses realisation on an SKP that was never approved: evidence is recorded
// against the plan agreed with the appraiser. A closed SKP that was approved keeps taking it for
// the periods it covered.
func RequireRealisable(s Skp) error {
	if !s.Approved {
		return errs.Preconditionf("SKP %s has not been approved (it is %s): realisation is recorded against an approved plan", s.ID, s.State)
	}
	return nil
}

// ValidateRealisation checks r against SKP s of year y on today (YYYY-MM-DD, the city's day):
// the result and indicator exist in the SKP, the period is one of the year's cadence that has
// started and that the SKP covers, the value is 1–2000 characters and the evidence at most ten
// valid references. Fields are named as in the Realisation message.
func ValidateRealisation(r Realisation, s Skp, y Period, today string) error {
	var v errs.Violations
	fbCheckTarget(&v, r, s)
	fbCheckPeriod(&v, r.Period, s, y, today)
	fbText(&v, "value", r.Value, 1, maxRealisationValue)
	fbCheckEvidence(&v, r.Evidence)
	return v.Err()
}

// fbCheckTarget checks that the result and indicator exist in s.
func fbCheckTarget(v *errs.Violations, r Realisation, s Skp) {
	switch res, ok := fbResult(s, r.ResultID); {
	case r.ResultID == "":
		v.Add("result_id", "is required: the id of one of the SKP's work results (%s)", strings.Join(fbResultIDs(s), ", "))
	case !ok:
		v.Add("result_id", "SKP %s has no work result %q (it has %s)", s.ID, r.ResultID, strings.Join(fbResultIDs(s), ", "))
	case r.IndicatorID == "":
		v.Add("indicator_id", "is required: the id of one of the indicators of %s", r.ResultID)
	case !fbHasIndicator(res, r.IndicatorID):
		v.Add("indicator_id", "work result %s has no indicator %q (it has %s)", r.ResultID, r.IndicatorID, strings.Join(fbIndicatorIDs(res), ", "))
	}
}

// fbCheckPeriod checks that period is one of y's, has started by today and overlaps
// the dates s covers.
func fbCheckPeriod(v *errs.Violations, period string, s Skp, y Period, today string) {
	sp, ok := y.SubPeriod(period)
	switch {
	case period == "":
		v.Add("period", "is required: one of the %s periods of %d", y.Cadence, y.Year)
	case !ok:
		v.Add("period", "%q is not a period of %d, which is evaluated %s (%s)", period, y.Year, y.Cadence, fbPeriodIDs(y))
	case sp.Start > today:
		v.Add("period", "period %s of %d has not started: it starts on %s", period, y.Year, sp.Start)
	case sp.Start > s.EndDate || sp.End < s.StartDate:
		v.Add("period", "SKP %s covers %s to %s, not period %s (%s to %s)", s.ID, s.StartDate, s.EndDate, period, sp.Start, sp.End)
	}
}

// fbCheckEvidence checks the evidence list: at most MaxEvidence, each with a title and a link or
// document reference.
func fbCheckEvidence(v *errs.Violations, ev []Evidence) {
	if len(ev) > MaxEvidence {
		v.Add("evidence", "at most %d pieces of evidence, got %d", MaxEvidence, len(ev))
		return
	}
	for i, e := range ev {
		fbText(v, fmt.Sprintf("evidence[%d].title", i), e.Title, 1, maxEvidenceTitle)
		field := fmt.Sprintf("evidence[%d].uri", i)
		if fbText(v, field, e.URI, 1, maxEvidenceURI) {
			if msg := fbEvidenceURIProblem(strings.TrimSpace(e.URI)); msg != "" {
				v.Add(field, "%s", msg)
			}
		}
	}
}

// fbEvidenceURIProblem says what is wrong with uri, or "" when it is a link with a host
// ("https://…", "http://…") or a document reference ("dokumen:ND/123/2026").
func fbEvidenceURIProblem(uri string) string {
	if ref, ok := strings.CutPrefix(uri, documentEvidencePref); ok {
		if strings.TrimSpace(ref) == "" {
			return `a document reference needs its number after "dokumen:", e.g. "dokumen:ND/123/2026"`
		}
		return ""
	}
	u, err := url.Parse(uri)
	switch {
	case err != nil:
		return fmt.Sprintf("%q is not a link: %v", uri, err)
	case u.Scheme != "https" && u.Scheme != "http":
		return fmt.Sprintf(`%q must be a link (https://… or http://…) or a document reference ("dokumen:ND/123/2026")`, uri)
	case u.Host == "":
		return fmt.Sprintf("link %q has no host", uri)
	}
	return ""
}

// Normalised returns r with its texts trimmed, as it is validated and stored.
func (r Realisation) Normalised() Realisation {
	r.ResultID, r.IndicatorID, r.Period = strings.TrimSpace(r.ResultID), strings.TrimSpace(r.IndicatorID), strings.TrimSpace(r.Period)
	r.Value = strings.TrimSpace(r.Value)
	ev := make([]Evidence, len(r.Evidence))
	for i, e := range r.Evidence {
		ev[i] = Evidence{Title: strings.TrimSpace(e.Title), URI: strings.TrimSpace(e.URI)}
	}
	r.Evidence = ev
	return r
}

// Replacing returns r as the next version of old (version 1 when old is nil), changed at now.
func (r Realisation) Replacing(old *Realisation, now time.Time) Realisation {
	r.Version = 1
	if old != nil {
		r.Version = old.Version + 1
	}
	r.Updated = now
	return r
}

// fbResult returns SKP s's work result id, and whether it has one.
func fbResult(s Skp, id string) (WorkResult, bool) {
	for _, r := range s.Results {
		if r.ID == id {
			return r, true
		}
	}
	return WorkResult{}, false
}

// fbResultIDs returns the ids of SKP s's work results, in order.
func fbResultIDs(s Skp) []string {
	ids := make([]string, len(s.Results))
	for i, r := range s.Results {
		ids[i] = r.ID
	}
	return ids
}

func fbHasIndicator(w WorkResult, id string) bool {
	for _, i := range w.Indicators {
		if i.ID == id {
			return true
		}
	}
	return false
}

func fbIndicatorIDs(w WorkResult) []string {
	ids := make([]string, len(w.Indicators))
	for i, ind := range w.Indicators {
		ids[i] = ind.ID
	}
	return ids
}

// fbPeriodIDs lists y's period ids, comma-separated.
func fbPeriodIDs(y Period) string {
	var ids []string
	for _, p := range y.SubPeriods() {
		ids = append(ids, p.ID)
	}
	return strings.Join(ids, ", ")
}
