package domain_test

import (
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

func TestAgreementStatus(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, wib) }
	start, end := day(2024, 1, 15), day(2026, 12, 31)
	tests := []struct {
		now  time.Time
		want domain.AgreementState
	}{
		{day(2024, 1, 14), domain.AgreementNotStarted},
		{day(2024, 1, 15), domain.AgreementActive},
		{day(2026, 10, 1), domain.AgreementActive},   // 91 days before the end
		{day(2026, 10, 2), domain.AgreementExpiring}, // 90 days before
		{day(2026, 12, 31), domain.AgreementExpiring},
		{day(2027, 1, 1), domain.AgreementExpired},
	}
	for _, tt := range tests {
		if got := domain.AgreementStatus(start, end, tt.now, 90); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.now.Format(time.DateOnly), got, tt.want)
		}
	}
}
