package grpcapi

// The delivery area's methods: session-day attendance, completion, certificates and the public
// check, external training.

import (
	"context"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/convert"
)

// RecordSessionAttendance records who was present on one day of a session.
func (s *Server) RecordSessionAttendance(ctx context.Context, req *trainingv1.RecordSessionAttendanceRequest) (*trainingv1.RecordSessionAttendanceResponse, error) {
	id, err := resource.NameID(req.GetSession(), "sessions/", "", "session")
	if err != nil {
		return nil, err
	}
	present := make([]string, len(req.GetPresent()))
	for i, name := range req.GetPresent() {
		if present[i], err = resource.NameID(name, "enrolments/", "", fmt.Sprintf("present[%d]", i)); err != nil {
			return nil, err
		}
	}
	d, err := s.app.RecordSessionAttendance(ctx, id, req.GetDate(), present)
	if err != nil {
		return nil, err
	}
	return &trainingv1.RecordSessionAttendanceResponse{Day: convert.SessionDay(d)}, nil
}

// ListSessionAttendance returns a session's recorded days and each seat holder's tally.
func (s *Server) ListSessionAttendance(ctx context.Context, req *trainingv1.ListSessionAttendanceRequest) (*trainingv1.ListSessionAttendanceResponse, error) {
	id, err := resource.NameID(req.GetSession(), "sessions/", "", "session")
	if err != nil {
		return nil, err
	}
	a, err := s.app.ListSessionAttendance(ctx, id)
	if err != nil {
		return nil, err
	}
	return convert.SessionAttendance(a), nil
}

// CompleteEnrolment records a seat holder's outcome and score.
func (s *Server) CompleteEnrolment(ctx context.Context, req *trainingv1.CompleteEnrolmentRequest) (*trainingv1.CompleteEnrolmentResponse, error) {
	id, err := resource.NameID(req.GetName(), "enrolments/", "", "name")
	if err != nil {
		return nil, err
	}
	c, err := s.app.CompleteEnrolment(ctx, id, convert.OutcomeIn(req.GetOutcome()), int(req.GetScore()), req.GetEtag())
	if err != nil {
		return nil, err
	}
	out := &trainingv1.CompleteEnrolmentResponse{Enrolment: convert.Enrolment(c.Enrolment)}
	if c.Certificate != nil {
		out.Certificate = convert.Certificate(*c.Certificate)
	}
	return out, nil
}

// CompleteSession closes a session once every seat holder has an outcome.
func (s *Server) CompleteSession(ctx context.Context, req *trainingv1.CompleteSessionRequest) (*trainingv1.CompleteSessionResponse, error) {
	id, err := resource.NameID(req.GetName(), "sessions/", "", "name")
	if err != nil {
		return nil, err
	}
	sess, err := s.app.CompleteSession(ctx, id, req.GetEtag())
	if err != nil {
		return nil, err
	}
	return &trainingv1.CompleteSessionResponse{Session: convert.Session(sess)}, nil
}

// GetCertificate returns the certificate of an enrolment.
func (s *Server) GetCertificate(ctx context.Context, req *trainingv1.GetCertificateRequest) (*trainingv1.GetCertificateResponse, error) {
	id, err := resource.NameID(req.GetEnrolment(), "enrolments/", "", "enrolment")
	if err != nil {
		return nil, err
	}
	c, err := s.app.GetCertificate(ctx, id)
	if err != nil {
		return nil, err
	}
	return &trainingv1.GetCertificateResponse{Certificate: convert.Certificate(c)}, nil
}

// ListCertificates returns a page of certificates of an employee or an agency, newest first.
func (s *Server) ListCertificates(ctx context.Context, req *trainingv1.ListCertificatesRequest) (*trainingv1.ListCertificatesResponse, error) {
	cs, next, err := s.app.ListCertificates(ctx, app.CertificateListOptions{Employee: req.GetEmployee(), Agency: req.GetAgency(),
		Year: int(req.GetYear()), PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken()})
	if err != nil {
		return nil, err
	}
	out := &trainingv1.ListCertificatesResponse{NextPageToken: next}
	for _, c := range cs {
		out.Certificates = append(out.Certificates, convert.Certificate(c))
	}
	return out, nil
}

// VerifyCertificate checks a certificate by its number, for anyone (rate-limited per client by
// the server's interceptor, CertificateCheckLimit).
func (s *Server) VerifyCertificate(ctx context.Context, req *trainingv1.VerifyCertificateRequest) (*trainingv1.VerifyCertificateResponse, error) {
	if req.GetNumber() == "" {
		return nil, errs.Invalidf("number", "is required: the certificate's number as printed, e.g. STTPP/2026/000042-K7Q2XM")
	}
	v, err := s.app.VerifyCertificate(ctx, req.GetNumber())
	if err != nil {
		return nil, err
	}
	return convert.Verification(v), nil
}

// ListCertificateKeys returns the public keys certificates are signed with, for anyone.
func (s *Server) ListCertificateKeys(ctx context.Context, _ *trainingv1.ListCertificateKeysRequest) (*trainingv1.ListCertificateKeysResponse, error) {
	keys, err := s.app.ListCertificateKeys(ctx)
	if err != nil {
		return nil, err
	}
	out := &trainingv1.ListCertificateKeysResponse{}
	for _, k := range keys {
		out.Keys = append(out.Keys, convert.CertificateKey(k))
	}
	return out, nil
}

// CreateExternalTraining records training an employee attended on their own.
func (s *Server) CreateExternalTraining(ctx context.Context, req *trainingv1.CreateExternalTrainingRequest) (*trainingv1.CreateExternalTrainingResponse, error) {
	in, err := convert.ExternalTrainingIn(req.GetExternalTraining())
	if err != nil {
		return nil, errs.Prefix("external_training", err)
	}
	x, err := s.app.CreateExternalTraining(ctx, in)
	if err != nil {
		return nil, errs.Prefix("external_training", err)
	}
	return &trainingv1.CreateExternalTrainingResponse{ExternalTraining: convert.ExternalTraining(x)}, nil
}

// VerifyExternalTraining verifies or rejects an external training.
func (s *Server) VerifyExternalTraining(ctx context.Context, req *trainingv1.VerifyExternalTrainingRequest) (*trainingv1.VerifyExternalTrainingResponse, error) {
	id, err := resource.NameID(req.GetName(), "externalTrainings/", "", "name")
	if err != nil {
		return nil, err
	}
	x, err := s.app.VerifyExternalTraining(ctx, id, req.GetApprove(), req.GetReason(), req.GetEtag())
	if err != nil {
		return nil, err
	}
	return &trainingv1.VerifyExternalTrainingResponse{ExternalTraining: convert.ExternalTraining(x)}, nil
}

// ListExternalTrainings returns a page of external trainings of an employee or an agency, newest
// first.
func (s *Server) ListExternalTrainings(ctx context.Context, req *trainingv1.ListExternalTrainingsRequest) (*trainingv1.ListExternalTrainingsResponse, error) {
	xs, next, err := s.app.ListExternalTrainings(ctx, app.ExternalListOptions{Employee: req.GetEmployee(), Agency: req.GetAgency(),
		State: convert.ExternalStateIn(req.GetState()), PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken()})
	if err != nil {
		return nil, err
	}
	out := &trainingv1.ListExternalTrainingsResponse{NextPageToken: next}
	for _, x := range xs {
		out.ExternalTrainings = append(out.ExternalTrainings, convert.ExternalTraining(x))
	}
	return out, nil
}
