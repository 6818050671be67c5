package convert

// The delivery area's values: session days and attendance tallies, certificates and their keys,
// external training.

import (
	"encoding/base64"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/pbconv"
	"github.com/simpeg-id/simpeg/platform/resource"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// CertificateKeyAlgorithm is the signature algorithm of every certificate key.
const CertificateKeyAlgorithm = "Ed25519"

// externalStates maps external training's states.
var externalStates = map[trainingv1.ExternalTrainingState]domain.ExternalState{
	trainingv1.ExternalTrainingState_EXTERNAL_TRAINING_STATE_SUBMITTED: domain.ExternalSubmitted,
	trainingv1.ExternalTrainingState_EXTERNAL_TRAINING_STATE_VERIFIED:  domain.ExternalVerified,
	trainingv1.ExternalTrainingState_EXTERNAL_TRAINING_STATE_REJECTED:  domain.ExternalRejected,
}

var externalStatesPB = pbconv.Invert(externalStates)

// ExternalStateIn returns the domain state of a list filter; unspecified is "" (any state).
func ExternalStateIn(s trainingv1.ExternalTrainingState) domain.ExternalState {
	return externalStates[s]
}

// enrolmentNames returns the resource names of enrolment ids.
func enrolmentNames(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = app.EnrolmentName(id)
	}
	return out
}

// SessionDay returns the protobuf form of a recorded day.
func SessionDay(d app.SessionDay) *trainingv1.SessionDay {
	return &trainingv1.SessionDay{Date: d.Date, Present: enrolmentNames(d.Present), Absent: enrolmentNames(d.Absent), RecordedBy: d.RecordedBy}
}

// SessionAttendance returns the protobuf form of a session's recorded days and tallies.
func SessionAttendance(a app.SessionAttendance) *trainingv1.ListSessionAttendanceResponse {
	out := &trainingv1.ListSessionAttendanceResponse{}
	for _, d := range a.Days {
		out.Days = append(out.Days, SessionDay(d))
	}
	for _, t := range a.Tallies {
		out.Tallies = append(out.Tallies, &trainingv1.AttendanceTally{Enrolment: app.EnrolmentName(t.Enrolment), Employee: t.Employee,
			EmployeeName: t.EmployeeName, DaysPresent: int32(t.Present), DaysRecorded: int32(t.Recorded)})
	}
	return out
}

// Certificate returns the protobuf form of c, with the exact bytes signed so anyone can check
// the signature offline.
func Certificate(c domain.IssuedCertificate) *trainingv1.Certificate {
	return &trainingv1.Certificate{Number: c.Number, Employee: c.Employee, EmployeeName: c.Name, ProgrammeTitle: c.Programme,
		StartDate: c.Start, EndDate: c.End, Jp: int32(c.JP), IssueDate: c.Issued, Enrolment: app.EnrolmentName(c.Enrolment),
		KeyId: c.KeyID, Signature: base64.StdEncoding.EncodeToString(c.Signature),
		Payload: base64.StdEncoding.EncodeToString(c.Payload()), Revoked: c.State == domain.CertificateStateRevoked}
}

// Verification returns the public check's answer. The certificate is shown as stored; its
// enrolment is left out, being an internal name the public has no use for.
func Verification(v app.Verification) *trainingv1.VerifyCertificateResponse {
	out := &trainingv1.VerifyCertificateResponse{Valid: v.Valid(), Reason: v.Reason}
	if v.Found {
		c := v.Check
		out.Certificate = &trainingv1.Certificate{Number: c.Number, Employee: c.Employee, EmployeeName: c.Name,
			ProgrammeTitle: c.Programme, StartDate: c.Start, EndDate: c.End, Jp: int32(c.JP), IssueDate: c.Issued, KeyId: c.KeyID,
			Signature: base64.StdEncoding.EncodeToString(c.Signature), Payload: base64.StdEncoding.EncodeToString(c.Payload()),
			Revoked: c.State == domain.CertificateStateRevoked}
	}
	return out
}

// CertificateKey returns the protobuf form of a public key.
func CertificateKey(k app.CertificateKey) *trainingv1.CertificateKey {
	return &trainingv1.CertificateKey{KeyId: k.ID, Algorithm: CertificateKeyAlgorithm, PublicKey: base64.StdEncoding.EncodeToString(k.Public)}
}

// ExternalTraining returns the protobuf form of x.
func ExternalTraining(x domain.External) *trainingv1.ExternalTraining {
	return &trainingv1.ExternalTraining{Name: app.ExternalTrainingName(x.ID), Employee: x.Employee, Title: x.Title, Provider: x.Provider,
		Form: programmeFormsPB[x.Form], StartDate: x.Start.Format(time.DateOnly), EndDate: x.End.Format(time.DateOnly),
		Minutes: int32(x.Minutes), Jp: int32(x.JP), Evidence: x.Evidence, State: externalStatesPB[x.State], DecidedBy: x.DecidedBy,
		Reason: x.Reason, Etag: resource.Etag(x.Version), CreateTime: pbconv.Timestamp(x.Created), UpdateTime: pbconv.Timestamp(x.Updated)}
}

// ExternalTrainingIn returns the external training a create request describes. An unspecified
// form is left empty (refused by the use case, naming form); a date that is not "YYYY-MM-DD" is
// an Invalid error naming it.
func ExternalTrainingIn(in *trainingv1.ExternalTraining) (domain.External, error) {
	x := domain.External{Employee: in.GetEmployee(), Title: in.GetTitle(), Provider: in.GetProvider(), Form: programmeForms[in.GetForm()],
		Minutes: int(in.GetMinutes()), JP: int(in.GetJp()), Evidence: in.GetEvidence()}
	var v errs.Violations
	for _, d := range []struct {
		field, value string
		to           *time.Time
	}{{"start_date", in.GetStartDate(), &x.Start}, {"end_date", in.GetEndDate(), &x.End}} {
		if d.value == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.value)
		if err != nil {
			v.Add(d.field, "must be a date YYYY-MM-DD, got %q", d.value)
			continue
		}
		*d.to = t
	}
	return x, v.Err()
}

// OutcomeIn returns the domain state of a completion's outcome; the use case refuses any but
// passed, failed and did not finish, naming outcome.
func OutcomeIn(s trainingv1.EnrolmentState) domain.EnrolmentState { return enrolmentStates[s] }
