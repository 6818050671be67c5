package seed

import (
	"math"
	"regexp"
	"testing"
	"time"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/nip"
	"google.golang.org/protobuf/proto"
)

// The province is generated once for the tests below (about a second).
var provinceOnce = GenerateProvince(2026)

func TestProvinceCounts(t *testing.T) {
	d := provinceOnce
	tops, units := 0, 0
	for _, a := range d.Agencies {
		if a.GetParent() == "" {
			tops++
		} else {
			units++
		}
	}
	sizes := regionSizes()
	sum := 0
	for _, n := range sizes {
		sum += n
	}
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"regions", len(regions), 33},
		{"employees", len(d.Employees), ProvinceEmployeeCount},
		{"region sizes' sum", sum, ProvinceEmployeeCount},
		{"top-level agencies", tops, 40 + 32*len(regionAgencies)},
		{"office sites of the regions", len(d.sites), 32 * len(regionAgencies)},
	} {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	kab, kota := 0, 0
	for _, r := range regions {
		if r.code[2] == '7' {
			kota++
		} else {
			kab++
		}
	}
	if kab != 25 || kota != 8 {
		t.Errorf("%d kabupaten and %d kota, want 25 and 8", kab, kota)
	}
	t.Logf("%d top-level agencies, %d units, %d positions, %d employees", tops, units, len(d.Positions), len(d.Employees))
}

// The city is the province's first region, exactly as the demo generates it.
func TestProvinceStartsWithTheCity(t *testing.T) {
	city := Generate(2026)
	for i, e := range city.Employees {
		if !proto.Equal(e, provinceOnce.Employees[i]) {
			t.Fatalf("employee %d: province %v, city %v", i, provinceOnce.Employees[i], e)
		}
	}
	for i, p := range city.Positions {
		if !proto.Equal(p, provinceOnce.Positions[i]) {
			t.Fatalf("position %d: province %v, city %v", i, provinceOnce.Positions[i], p)
		}
	}
}

func TestProvinceIdentifiersAndSupervisors(t *testing.T) {
	d := provinceOnce
	code := regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{1,31}$`)
	posID := regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	agencyOf := map[string]string{}
	for _, a := range d.Agencies {
		if !code.MatchString(a.GetCode()) {
			t.Errorf("agency code %q is not a valid code", a.GetCode())
		}
		if _, dup := agencyOf[a.GetCode()]; dup {
			t.Errorf("agency code %s twice", a.GetCode())
		}
		agencyOf[a.GetCode()] = a.GetParent()
	}
	positions := map[string]*planningv1.Position{}
	for _, p := range d.Positions {
		if !posID.MatchString(p.GetId()) {
			t.Errorf("position id %q is not valid", p.GetId())
		}
		if _, dup := positions[p.GetId()]; dup {
			t.Errorf("position %s twice", p.GetId())
		}
		positions[p.GetId()] = p
	}
	byNIP := map[string]*planningv1.Employee{}
	for _, e := range d.Employees {
		byNIP[e.GetNip()] = e
	}
	if len(byNIP) != len(d.Employees) {
		t.Fatalf("%d distinct identifiers for %d employees", len(byNIP), len(d.Employees))
	}
	roots, crossRegion := 0, 0
	for _, e := range d.Employees {
		if e.GetIdentifierKind() == planningv1.IdentifierKind_IDENTIFIER_KIND_NIP {
			if _, err := nip.Parse(e.GetNip(), time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)); err != nil {
				t.Fatalf("employee %s: %v", e.GetNip(), err)
			}
		}
		p := positions[e.GetPosition()]
		if p == nil || p.GetAgency() != e.GetAgency() {
			t.Fatalf("employee %s holds position %q, not one of agency %s", e.GetNip(), e.GetPosition(), e.GetAgency())
		}
		s, ok := byNIP[e.GetSupervisor()]
		if !ok {
			roots++
			continue
		}
		if regionOf(e.GetAgency()) != regionOf(s.GetAgency()) {
			crossRegion++
		}
	}
	if roots != 33 || crossRegion != 0 {
		t.Errorf("%d employees without a supervisor (want 33 Sekretaris Daerah), %d supervised from another region (want 0)", roots, crossRegion)
	}
	if _, err := d.Levels(); err != nil {
		t.Fatal(err)
	}
}

// regionOf is the region code of an agency code: the digits before the dash, Medan's for the
// city's codes.
func regionOf(code string) string {
	if len(code) > 5 && code[4] == '-' && code[0] == '1' {
		return code[:4]
	}
	return medanCode
}

func TestProvinceRegionSizes(t *testing.T) {
	sizes := map[string]int{}
	for i, n := range regionSizes() {
		sizes[regions[i].name] = n
	}
	counts := map[string]int{}
	for _, e := range provinceOnce.Employees {
		counts[regionOf(e.GetAgency())]++
	}
	for _, c := range []struct {
		name string
		code string
		want int
	}{
		{"Kota Medan", "1275", 20548},
		{"Kabupaten Deli Serdang", "1212", 20664},
		{"Kabupaten Pakpak Bharat", "1216", 2503},
		{"Kota Sibolga", "1271", 2870},
	} {
		if sizes[c.name] != c.want || counts[c.code] != c.want {
			t.Errorf("%s: size %d, %d employees generated, want %d", c.name, sizes[c.name], counts[c.code], c.want)
		}
	}
}

// No two offices of the province are closer than 250 m, so the default 100 m geofences never
// overlap.
func TestProvinceOfficesApart(t *testing.T) {
	type pt struct {
		code string
		s    site
	}
	var all []pt
	for _, a := range provinceOnce.topAgencies() {
		s, ok := provinceOnce.officeSite(a.code)
		if !ok {
			t.Fatalf("agency %s has no office site", a.code)
		}
		all = append(all, pt{a.code, s})
	}
	for i := range all {
		for j := i + 1; j < len(all); j++ {
			if d := metres(all[i].s, all[j].s); d < 250 {
				t.Errorf("offices of %s and %s are %.0f m apart", all[i].code, all[j].code, d)
			}
		}
	}
}

// metres is the equirectangular distance between a and b, good to a metre at these ranges.
func metres(a, b site) float64 {
	const r = 6371e3
	lat := (a.lat + b.lat) / 2 * math.Pi / 180
	x := (b.lon - a.lon) * math.Pi / 180 * math.Cos(lat)
	y := (b.lat - a.lat) * math.Pi / 180
	return r * math.Hypot(x, y)
}
