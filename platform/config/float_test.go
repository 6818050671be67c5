package config_test

import (
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/config"
)

type floatConfig struct {
	Margin float64 `env:"SIMPEG_TEST_MARGIN" default:"0.10" help:"a fraction"`
}

// TestFloat reads a float64 setting: its default, a value, an empty value (zero), and refuses
// what is not a finite number, naming the setting; the log shows the value as it was read.
func TestFloat(t *testing.T) {
	tests := []struct {
		value  *string
		want   float64
		wantIn string
	}{
		{nil, 0.10, ""},
		{ptr("0.25"), 0.25, ""},
		{ptr("1"), 1, ""},
		{ptr(""), 0, ""},
		{ptr("a tenth"), 0, "not a finite number"},
		{ptr("NaN"), 0, "not a finite number"},
		{ptr("+Inf"), 0, "not a finite number"},
	}
	for _, tc := range tests {
		name := "default"
		if tc.value != nil {
			name = "=" + *tc.value
			t.Setenv("SIMPEG_TEST_MARGIN", *tc.value)
		}
		t.Run(name, func(t *testing.T) {
			var c floatConfig
			err := config.Load("test", &c, nil)
			if tc.wantIn != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantIn) || !strings.Contains(err.Error(), "SIMPEG_TEST_MARGIN") {
					t.Fatalf("error %v, want %q naming SIMPEG_TEST_MARGIN", err, tc.wantIn)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Margin != tc.want {
				t.Errorf("Margin = %v, want %v", c.Margin, tc.want)
			}
		})
	}
	t.Run("described", func(t *testing.T) {
		t.Setenv("SIMPEG_TEST_MARGIN", "0.15")
		var c floatConfig
		if err := config.Load("test", &c, nil); err != nil {
			t.Fatal(err)
		}
		fields, err := config.Describe(&c)
		if err != nil {
			t.Fatal(err)
		}
		if len(fields) != 1 || fields[0].Value != "0.15" || fields[0].Default != "0.10" {
			t.Errorf("described as %+v, want the value 0.15 and the default 0.10", fields)
		}
	})
}

func ptr(s string) *string { return &s }
