package app_test

import (
	"testing"

	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// BenchmarkVerifyCertificate times the public check of a genuine number and of the three
// numbers it must answer alike, "not found": a wrong check code for an existing sequence, an
// unknown sequence, and a bare number without its code. The three should cost the same (one
// read of a number by year and sequence, one constant-time comparison); a genuine number costs
// more (the certificate and the keys are read, the signature checked).
//
//	go test ./services/training/internal/app/ -run '^$' -bench VerifyCertificate -benchtime 2000x
func BenchmarkVerifyCertificate(b *testing.B) {
	for _, engine := range testenv.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			e := newEnv(b, engine, dlvPeople()...)
			dlvSeed(b, e.db)
			s := newSuite(b, e, at("2026-05-04", 16, 30))
			if _, err := s.app.RecordSessionAttendance(kominfoHR, "s-may", "2026-05-04", []string{"e-andi"}); err != nil {
				b.Fatal(err)
			}
			s.clock.set(at("2026-05-07", 9, 0))
			c, err := s.app.CompleteEnrolment(kominfoHR, "e-andi", domain.Passed, 80, "")
			if err != nil {
				b.Fatal(err)
			}
			number := c.Certificate.Number
			n, _ := domain.ParseCertificateNumber(number)
			wrong := n
			wrong.Code = "ZZZZZZ"
			if wrong.Code == n.Code {
				wrong.Code = "000000"
			}
			for _, tt := range []struct {
				name, number string
				valid        bool
			}{
				{"genuine", number, true},
				{"wrong code", wrong.String(), false},
				{"unknown sequence", domain.CertificateNumber(2026, 999999, n.Code), false},
				{"bare number", domain.CertificateNumber(2026, 1, ""), false},
			} {
				b.Run(tt.name, func(b *testing.B) {
					for b.Loop() {
						v, err := s.app.VerifyCertificate(public, tt.number)
						if err != nil || v.Valid() != tt.valid || (!tt.valid && v.Reason != "not found") {
							b.Fatalf("%s: %+v, %v", tt.number, v, err)
						}
					}
				})
			}
		})
	}
}
