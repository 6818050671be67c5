package domain

import (
	"testing"
	"time"
)

func TestLoadZoneFallsBackToFixedZone(t *testing.T) {
	loc := loadZone("Nowhere/Not_A_Zone", "WITA", 8*3600)
	at := time.Date(2026, 1, 5, 7, 30, 0, 0, loc)
	if name, off := at.Zone(); name != "WITA" || off != 8*3600 {
		t.Fatalf("fallback zone %s %+d s", name, off)
	}
	if got := at.UTC().Format(time.RFC3339); got != "2026-01-04T23:30:00Z" {
		t.Fatalf("07:30 WITA = %s, want 2026-01-04T23:30:00Z", got)
	}
	if loc := loadZone("Asia/Jayapura", "WIT", 9*3600); loc.String() != "Asia/Jayapura" {
		t.Fatalf("Asia/Jayapura loaded as %s", loc)
	}
}
