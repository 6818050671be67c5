package domain

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// Continuous feedback (PermenPANRB 6/2022, the execution stage): the appraiser and the
// supervisors above the holder give feedback on a work result, a behaviour or the work in
// general at any time; the holder sees every entry at once and may reply; a performance
// dialogue is recorded with its date and the actions agreed. Entries are never changed or
// deleted: the thread is the record.

// FeedbackKind is what an entry of an SKP's feedback thread is.
type FeedbackKind string

// The kinds of entry.
const (
	KindFeedback FeedbackKind = "feedback" // a supervisor's feedback
	KindReply    FeedbackKind = "reply"    // the holder's reply to feedback or a dialogue
	KindDialogue FeedbackKind = "dialogue" // a performance dialogue held
)

// Limits of the thread's texts (the proto's contract).
const (
	maxFeedbackText   = 4000
	minDialogueText   = 3
	maxAgreedActions  = 20
	maxAgreedAction   = 500
	dialogueDateShape = "YYYY-MM-DD"
)

// Feedback is one entry of an SKP's feedback thread.
type Feedback struct {
	ID            string
	Skp           string
	Kind          FeedbackKind
	Author        string // NIP, or the city HR account for an agency head's dialogue
	AuthorName    string
	ResultID      string    // the work result it is about; "" otherwise
	Behaviour     Behaviour // the behaviour it is about; "" otherwise
	Text          string
	ReplyTo       string // for a reply, the id of the entry answered
	DialogueDate  string // for a dialogue, YYYY-MM-DD
	AgreedActions []string
	Period        string // the period it falls in
	Created       time.Time
}

// FeedbackGiven is announced for every entry of a thread — feedback, reply and dialogue — so
// whoever follows the holder's SKP learns of it at once.
type FeedbackGiven struct {
	event
	Feedback Feedback
	Employee string // the holder
	Agency   string // the SKP's agency
}

// Normalised returns f with its texts trimmed, as it is validated and stored.
func (f Feedback) Normalised() Feedback {
	f.ResultID, f.Text, f.DialogueDate = strings.TrimSpace(f.ResultID), strings.TrimSpace(f.Text), strings.TrimSpace(f.DialogueDate)
	if f.AgreedActions != nil {
		actions := make([]string, len(f.AgreedActions))
		for i, a := range f.AgreedActions {
			actions[i] = strings.TrimSpace(a)
		}
		f.AgreedActions = actions
	}
	return f
}

// ValidateFeedback checks a supervisor's feedback on SKP s: about one of its work results, one
// of the seven behaviours, or neither (the work in general) — never both; text 1–4000
// characters; nothing of a dialogue. Fields are named as in the Feedback message.
func ValidateFeedback(f Feedback, s Skp) error {
	var v errs.Violations
	switch {
	case f.ResultID != "" && f.Behaviour != "":
		v.Add("behaviour", "feedback is about one work result or one behaviour, not both (result_id is %q)", f.ResultID)
	case f.ResultID != "":
		if _, ok := fbResult(s, f.ResultID); !ok {
			v.Add("result_id", "SKP %s has no work result %q (it has %s)", s.ID, f.ResultID, strings.Join(fbResultIDs(s), ", "))
		}
	case f.Behaviour != "" && !f.Behaviour.Valid():
		v.Add("behaviour", "%q is not one of the seven BerAKHLAK behaviours", f.Behaviour)
	}
	fbText(&v, "text", f.Text, 1, maxFeedbackText)
	if f.DialogueDate != "" {
		v.Add("dialogue_date", "is for a dialogue only: record one with RecordDialogue")
	}
	if len(f.AgreedActions) > 0 {
		v.Add("agreed_actions", "are for a dialogue only: record one with RecordDialogue")
	}
	return v.Err()
}

// ValidateReply checks the holder's reply text to entry to: feedback or a dialogue may be
// answered, a reply may not (answer the entry it replies to). Fields are named as in
// ReplyToFeedbackRequest.
func ValidateReply(text string, to Feedback) error {
	var v errs.Violations
	if to.Kind == KindReply {
		v.Add("name", "entry %s is a reply; answer the entry it replies to (%s)", to.ID, to.ReplyTo)
	}
	fbText(&v, "text", text, 1, maxFeedbackText)
	return v.Err()
}

// ValidateDialogue checks a performance dialogue on SKP s recorded on today (YYYY-MM-DD): held
// on a day of the SKP's year that is not in the future; a summary of 3–4000 characters; up to
// 20 agreed actions of 1–500 characters each; about no particular result or behaviour. Fields
// are named as in the Feedback message.
func ValidateDialogue(f Feedback, s Skp, today string) error {
	var v errs.Violations
	switch d, err := time.Parse(time.DateOnly, f.DialogueDate); {
	case f.DialogueDate == "":
		v.Add("dialogue_date", "is required: the day the dialogue was held, %s", dialogueDateShape)
	case err != nil:
		v.Add("dialogue_date", "must be a date %s, got %q", dialogueDateShape, f.DialogueDate)
	case d.Year() != s.Year:
		v.Add("dialogue_date", "%s is not in %d, the year of SKP %s", f.DialogueDate, s.Year, s.ID)
	case f.DialogueDate > today:
		v.Add("dialogue_date", "%s is in the future (today is %s): record a dialogue once held", f.DialogueDate, today)
	}
	fbText(&v, "text", f.Text, minDialogueText, maxFeedbackText)
	if len(f.AgreedActions) > maxAgreedActions {
		v.Add("agreed_actions", "at most %d actions, got %d", maxAgreedActions, len(f.AgreedActions))
	} else {
		for i, a := range f.AgreedActions {
			fbText(&v, fmt.Sprintf("agreed_actions[%d]", i), a, 1, maxAgreedAction)
		}
	}
	if f.ResultID != "" {
		v.Add("result_id", "a dialogue covers the work as a whole: give feedback on a result with GiveFeedback")
	}
	if f.Behaviour != "" {
		v.Add("behaviour", "a dialogue covers the work as a whole: give feedback on a behaviour with GiveFeedback")
	}
	return v.Err()
}

// FeedbackPeriod is the period of year y an entry written on today (YYYY-MM-DD) falls in: the
// period containing today, or when today is outside the year, its last period after it and its
// first before it. It returns "" for a year without periods.
func FeedbackPeriod(y Period, today string) string {
	if sp, ok := y.SubPeriodOn(today); ok {
		return sp.ID
	}
	all := y.SubPeriods()
	switch {
	case len(all) == 0:
		return ""
	case today > all[len(all)-1].End:
		return all[len(all)-1].ID
	default:
		return all[0].ID
	}
}

// fbText checks that the trimmed text of field has min to max characters, and reports whether
// it has.
func fbText(v *errs.Violations, field, text string, min, max int) bool {
	switch n := utf8.RuneCountInString(strings.TrimSpace(text)); {
	case n == 0 && min > 0:
		v.Add(field, "is required (%d to %d characters)", min, max)
	case n < min:
		v.Add(field, "must be at least %d characters, got %d", min, n)
	case n > max:
		v.Add(field, "must be at most %d characters, got %d", max, n)
	default:
		return true
	}
	return false
}
