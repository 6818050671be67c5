package domain

import (
	"strings"
	"time"

	// Embed the time zone database so that the three Indonesian zones load on a host (or a
	// scratch container) without tzdata. It adds about 450 KB to the binary.
	_ "time/tzdata"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// TimeZone is one of Indonesia's three time zones; an office sits in one of them and its
// working hours are local to it. The zero TimeZone means WIB, Medan's zone.
type TimeZone string

// The time zones.
const (
	// WIB is Waktu Indonesia Barat, Asia/Jakarta, UTC+7 (Sumatra, Java, West and Central Kalimantan).
	WIB TimeZone = "WIB"
	// WITA is Waktu Indonesia Tengah, Asia/Makassar, UTC+8 (Bali, Nusa Tenggara, Sulawesi, ...).
	WITA TimeZone = "WITA"
	// WIT is Waktu Indonesia Timur, Asia/Jayapura, UTC+9 (Maluku, Papua).
	WIT TimeZone = "WIT"
)

type zoneInfo struct {
	iana   string
	offset int // seconds east of UTC
	loc    *time.Location
}

// zones is filled once at start-up and only read afterwards.
var zones = map[TimeZone]*zoneInfo{
	WIB:  {iana: "Asia/Jakarta", offset: 7 * 3600},
	WITA: {iana: "Asia/Makassar", offset: 8 * 3600},
	WIT:  {iana: "Asia/Jayapura", offset: 9 * 3600},
}

func init() {
	for abbr, z := range zones {
		z.loc = loadZone(z.iana, string(abbr), z.offset)
	}
}

// loadZone loads the IANA zone name, falling back to a fixed zone abbr at offset seconds east
// of UTC when the zone database has no such zone. Indonesia has had no daylight saving time
// since 1964, so the fixed zone gives the same times for any date this service handles.
func loadZone(name, abbr string, offset int) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.FixedZone(abbr, offset)
}

// ParseTimeZone reads a zone by its abbreviation (WIB, WITA, WIT, any case) or its IANA name
// (Asia/Jakarta, Asia/Makassar, Asia/Jayapura).
func ParseTimeZone(s string) (TimeZone, error) {
	s = strings.TrimSpace(s)
	for abbr, z := range zones {
		if strings.EqualFold(s, string(abbr)) || s == z.iana {
			return abbr, nil
		}
	}
	return "", errs.Invalidf("time_zone", "must be WIB, WITA or WIT (Asia/Jakarta, Asia/Makassar, Asia/Jayapura), got %q", s)
}

// Valid reports whether z is one of the three zones or the zero TimeZone (WIB).
func (z TimeZone) Valid() bool {
	_, ok := zones[z.orWIB()]
	return ok
}

func (z TimeZone) orWIB() TimeZone {
	if z == "" {
		return WIB
	}
	return z
}

// Location returns the zone's location. The zero TimeZone is WIB; so is an unknown one, which
// validation at the boundary (ParseTimeZone, Office.Validate) keeps out.
func (z TimeZone) Location() *time.Location {
	if info, ok := zones[z.orWIB()]; ok {
		return info.loc
	}
	return zones[WIB].loc
}

// IANA returns the zone's IANA name, e.g. Asia/Jakarta for WIB.
func (z TimeZone) IANA() string {
	if info, ok := zones[z.orWIB()]; ok {
		return info.iana
	}
	return zones[WIB].iana
}

// UTCOffset returns how far the zone is ahead of UTC: 7 h for WIB, 8 h for WITA, 9 h for WIT.
func (z TimeZone) UTCOffset() time.Duration {
	if info, ok := zones[z.orWIB()]; ok {
		return time.Duration(info.offset) * time.Second
	}
	return time.Duration(zones[WIB].offset) * time.Second
}

func (z TimeZone) String() string { return string(z.orWIB()) }
