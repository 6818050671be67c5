package domain_test

import (
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

func TestValidateFeedback(t *testing.T) {
	s := fbSkp("2026-01-01", "2026-12-31")
	tests := []struct {
		name   string
		f      domain.Feedback
		fields []string // nil: valid
	}{
		{"on a result", domain.Feedback{ResultID: "r2", Text: "Laporan Q1 rapi"}, nil},
		{"on a behaviour", domain.Feedback{Behaviour: domain.Kolaboratif, Text: "Bagus"}, nil},
		{"in general, one character", domain.Feedback{Text: "!"}, nil},
		{"4000 characters", domain.Feedback{Text: strings.Repeat("ü", 4000)}, nil},
		{"both a result and a behaviour", domain.Feedback{ResultID: "r1", Behaviour: domain.Loyal, Text: "x"}, []string{"behaviour"}},
		{"an unknown result", domain.Feedback{ResultID: "r9", Text: "x"}, []string{"result_id"}},
		{"an unknown behaviour", domain.Feedback{Behaviour: "ramah", Text: "x"}, []string{"behaviour"}},
		{"no text", domain.Feedback{Text: "   "}, []string{"text"}},
		{"4001 characters", domain.Feedback{Text: strings.Repeat("a", 4001)}, []string{"text"}},
		{"a dialogue's fields", domain.Feedback{Text: "x", DialogueDate: "2026-02-02", AgreedActions: []string{"a"}}, []string{"dialogue_date", "agreed_actions"}},
	}
	for _, tt := range tests {
		err := domain.ValidateFeedback(tt.f.Normalised(), s)
		if tt.fields == nil {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if got := fbFields(t, err); strings.Join(got, ",") != strings.Join(tt.fields, ",") {
			t.Errorf("%s: fields %v (%v), want %v", tt.name, got, err, tt.fields)
		}
	}
}

func TestValidateReply(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		to     domain.FeedbackKind
		fields []string
	}{
		{"to feedback", "Terima kasih, Pak", domain.KindFeedback, nil},
		{"to a dialogue", "Siap", domain.KindDialogue, nil},
		{"to a reply", "Siap", domain.KindReply, []string{"name"}},
		{"empty", " ", domain.KindFeedback, []string{"text"}},
		{"4001 characters", strings.Repeat("a", 4001), domain.KindFeedback, []string{"text"}},
	}
	for _, tt := range tests {
		err := domain.ValidateReply(strings.TrimSpace(tt.text), domain.Feedback{ID: "f1", Kind: tt.to})
		if tt.fields == nil {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if got := fbFields(t, err); strings.Join(got, ",") != strings.Join(tt.fields, ",") {
			t.Errorf("%s: fields %v (%v), want %v", tt.name, got, err, tt.fields)
		}
	}
}

func TestValidateDialogue(t *testing.T) {
	s := fbSkp("2026-01-01", "2026-12-31")
	ok := domain.Feedback{DialogueDate: "2026-03-10", Text: "Membahas capaian Q1", AgreedActions: []string{"Ikut pelatihan Go", "Laporan mingguan"}}
	with := func(f func(*domain.Feedback)) domain.Feedback {
		d := ok
		d.AgreedActions = append([]string(nil), ok.AgreedActions...)
		f(&d)
		return d
	}
	const today = "2026-03-12"
	tests := []struct {
		name   string
		f      domain.Feedback
		fields []string
	}{
		{"valid", ok, nil},
		{"held today, no actions, 3 characters", with(func(d *domain.Feedback) { d.DialogueDate, d.AgreedActions, d.Text = today, nil, "Oke" }), nil},
		{"twenty actions", with(func(d *domain.Feedback) { d.AgreedActions = strings.Split(strings.Repeat("a,", 19)+"a", ",") }), nil},
		{"no date", with(func(d *domain.Feedback) { d.DialogueDate = "" }), []string{"dialogue_date"}},
		{"not a date", with(func(d *domain.Feedback) { d.DialogueDate = "10/03/2026" }), []string{"dialogue_date"}},
		{"31 February", with(func(d *domain.Feedback) { d.DialogueDate = "2026-02-31" }), []string{"dialogue_date"}},
		{"in the year before", with(func(d *domain.Feedback) { d.DialogueDate = "2025-12-31" }), []string{"dialogue_date"}},
		{"tomorrow", with(func(d *domain.Feedback) { d.DialogueDate = "2026-03-13" }), []string{"dialogue_date"}},
		{"two-character summary", with(func(d *domain.Feedback) { d.Text = "ok" }), []string{"text"}},
		{"4001-character summary", with(func(d *domain.Feedback) { d.Text = strings.Repeat("a", 4001) }), []string{"text"}},
		{"21 actions", with(func(d *domain.Feedback) { d.AgreedActions = strings.Split(strings.Repeat("a,", 20)+"a", ",") }), []string{"agreed_actions"}},
		{"an empty action", with(func(d *domain.Feedback) { d.AgreedActions[1] = " " }), []string{"agreed_actions[1]"}},
		{"a 501-character action", with(func(d *domain.Feedback) { d.AgreedActions[0] = strings.Repeat("a", 501) }), []string{"agreed_actions[0]"}},
		{"about a result", with(func(d *domain.Feedback) { d.ResultID = "r1" }), []string{"result_id"}},
		{"about a behaviour", with(func(d *domain.Feedback) { d.Behaviour = domain.Adaptif }), []string{"behaviour"}},
	}
	for _, tt := range tests {
		err := domain.ValidateDialogue(tt.f.Normalised(), s, today)
		if tt.fields == nil {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if got := fbFields(t, err); strings.Join(got, ",") != strings.Join(tt.fields, ",") {
			t.Errorf("%s: fields %v (%v), want %v", tt.name, got, err, tt.fields)
		}
	}
}

func TestFeedbackPeriod(t *testing.T) {
	monthly := domain.Period{Year: 2026, Cadence: domain.Monthly}
	tests := []struct {
		y     domain.Period
		today string
		want  string
	}{
		{fbYear, "2026-01-01", "q1"},
		{fbYear, "2026-03-31", "q1"},
		{fbYear, "2026-04-01", "q2"},
		{fbYear, "2026-12-31", "q4"},
		{fbYear, "2027-01-05", "q4"}, // after the year: its last period
		{fbYear, "2025-12-20", "q1"}, // before: its first
		{monthly, "2026-02-28", "m02"},
		{monthly, "2027-02-01", "m12"},
		{domain.Period{Year: 2026}, "2026-02-01", ""},
	}
	for _, tt := range tests {
		if got := domain.FeedbackPeriod(tt.y, tt.today); got != tt.want {
			t.Errorf("%s %s: %q, want %q", tt.y.Cadence, tt.today, got, tt.want)
		}
	}
}
