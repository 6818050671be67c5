package app

import (
	"reflect"
	"testing"

	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// TestAgeCutoffs checks the age bands' birth-date cutoffs, a leap day included: on 29 February
// 2028 someone born on 1 March 2002 is still 25, someone born on 28 February 2002 is 26.
func TestAgeCutoffs(t *testing.T) {
	day, _ := domain.ParseDate("2028-02-29")
	got := AgeCutoffs(day)
	want := []string{"2002-02-29", "1997-02-29", "1992-02-29", "1987-02-29", "1982-02-29", "1977-02-29", "1972-02-29", "1967-02-29"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("AgeCutoffs = %v", got)
	}
	band := func(birth string) string {
		for i, c := range got {
			if birth > c {
				return AgeBands[i].Key
			}
		}
		return AgeBands[len(AgeBands)-1].Key
	}
	for birth, want := range map[string]string{
		"2002-03-01": "<=25", "2002-02-28": "26-30", "1997-03-01": "26-30", "1997-02-28": "31-35",
		"1967-02-28": ">60", "1967-03-01": "56-60", "2010-01-01": "<=25",
	} {
		if got := band(birth); got != want {
			t.Errorf("born %s: band %s, want %s", birth, got, want)
		}
	}
}

// TestReportNumbers checks the report's number and percentage formats.
func TestReportNumbers(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		want string
	}{{0, "0"}, {12, "12"}, {87.46, "87.5"}, {72.5, "72.5"}, {0.04, "0"}, {-3.25, "-3.3"}, {100, "100"}} {
		if got := num(tt.v); got != tt.want {
			t.Errorf("num(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
	if percent(3, 4) != "75" || percent(1, 3) != "33.3" || percent(1, 0) != "" {
		t.Errorf("percent: %q %q %q", percent(3, 4), percent(1, 3), percent(1, 0))
	}
}
