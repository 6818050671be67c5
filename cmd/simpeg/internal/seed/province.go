package seed

// The province: the demo city scaled to the civil servants of the regencies and cities of North
// Sumatra, for measuring simpeg at a province's size (issue 13 §2). It is the registry (agencies,
// units, positions, employees) and an office per top-level agency, nothing of the rest of the
// demo: the measurements it serves (seeding, the per-agency and province-wide reports, a morning
// rush of every employee) need no history, training, evaluation or staffing plans, and loading
// those for 204,000 people would take hours on the machines it is measured on.
//
// North Sumatra has 33 regencies and cities, 25 kabupaten and 8 kota (Wikipedia, "Sumatra
// Utara": https://www.wikiwand.com/min/articles/Sumatra_Utara, "Kabupaten: 25, Kota: 8"), and
// about 204,000 civil servants in them (issue 13). Their names are the real ones; their codes
// are the regions' Kemendagri codes (12.01 Nias to 12.78 Gunungsitoli) written without the dot,
// and the office positions are near each region's seat. Everything else is as illustrative as
// the city's: Kota Medan is the demo city itself (its 40 agencies and 20,548 employees, with the
// same codes, so the province is a superset of the city), and each of the 32 other regions gets
// nine agencies built from the city's catalog (regionAgencies), about 330 top-level agencies in
// all. A region's headcount is a floor plus a share by population (regions), the smaller
// agencies scale with it, and Dinas Pendidikan, the teachers, takes the rest, as in the city.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// ProvinceEmployeeCount is the number of employees GenerateProvince produces.
const ProvinceEmployeeCount = 204000

// medanCode is the region code of Kota Medan, the demo city.
const medanCode = "1275"

// regionFloor is the headcount every region other than Medan gets before the shares by
// population: a small regency still runs every agency.
const regionFloor = 2000

// regionAgencyScale is how much larger than the city's, per employee of the region, the
// smaller agencies of a region are: a region has nine of the city's nineteen agencies, which do
// the work of the ones it does not have.
const regionAgencyScale = 1.5

// region is a regency (kabupaten) or city (kota) of North Sumatra.
type region struct {
	code     string  // Kemendagri code without the dot
	name     string  // "Kabupaten Asahan", "Kota Binjai"
	lat, lon float64 // near the seat of its government, illustrative
	pop      int     // population in thousands, rounded (2020 census, approximately)
}

// regions are North Sumatra's 25 kabupaten and 8 kota, in code order.
var regions = []region{
	{"1201", "Kabupaten Nias", 1.2620, 97.6980, 147},
	{"1202", "Kabupaten Mandailing Natal", 0.8400, 99.5700, 472},
	{"1203", "Kabupaten Tapanuli Selatan", 1.6300, 99.2500, 301},
	{"1204", "Kabupaten Tapanuli Tengah", 1.6900, 98.8300, 366},
	{"1205", "Kabupaten Tapanuli Utara", 2.0200, 98.9700, 312},
	{"1206", "Kabupaten Toba", 2.3300, 99.0700, 206},
	{"1207", "Kabupaten Labuhanbatu", 2.1000, 99.8300, 494},
	{"1208", "Kabupaten Asahan", 2.9800, 99.6200, 770},
	{"1209", "Kabupaten Simalungun", 3.0500, 98.9300, 990},
	{"1210", "Kabupaten Dairi", 2.7400, 98.3100, 311},
	{"1211", "Kabupaten Karo", 3.1000, 98.4900, 404},
	{"1212", "Kabupaten Deli Serdang", 3.5500, 98.8700, 1931},
	{"1213", "Kabupaten Langkat", 3.7500, 98.4500, 1030},
	{"1214", "Kabupaten Nias Selatan", 0.5600, 97.8100, 360},
	{"1215", "Kabupaten Humbang Hasundutan", 2.2600, 98.7500, 197},
	{"1216", "Kabupaten Pakpak Bharat", 2.5800, 98.2700, 52},
	{"1217", "Kabupaten Samosir", 2.6100, 98.7000, 136},
	{"1218", "Kabupaten Serdang Bedagai", 3.4500, 99.1500, 658},
	{"1219", "Kabupaten Batu Bara", 3.1700, 99.4200, 411},
	{"1220", "Kabupaten Padang Lawas Utara", 1.3800, 99.6300, 261},
	{"1221", "Kabupaten Padang Lawas", 1.0000, 100.1000, 262},
	{"1222", "Kabupaten Labuhanbatu Selatan", 1.8900, 100.0800, 314},
	{"1223", "Kabupaten Labuhanbatu Utara", 2.5800, 99.6300, 379},
	{"1224", "Kabupaten Nias Utara", 1.3600, 97.3800, 148},
	{"1225", "Kabupaten Nias Barat", 1.0500, 97.4600, 89},
	{"1271", "Kota Sibolga", 1.7400, 98.7800, 90},
	{"1272", "Kota Tanjungbalai", 2.9700, 99.8000, 176},
	{"1273", "Kota Pematangsiantar", 2.9600, 99.0600, 268},
	{"1274", "Kota Tebing Tinggi", 3.3300, 99.1600, 172},
	{medanCode, "Kota Medan", 3.5906, 98.6775, 2435},
	{"1276", "Kota Binjai", 3.6000, 98.4900, 291},
	{"1277", "Kota Padangsidimpuan", 1.3800, 99.2700, 225},
	{"1278", "Kota Gunungsitoli", 1.2900, 97.6100, 136},
}

// regionAgencies are the city agencies every region other than Medan has, the Sekretariat
// Daerah first (its head supervises the other heads). Dinas Pendidikan takes what the others
// leave of the region's headcount.
var regionAgencies = []string{sekdaCode, "SETWAN", "INSPEKTORAT", "BAPPEDA", "BKPSDM", "BPKAD", "DISDIK", "DINKES", "DPUPRPKP"}

// remainderAgency is the region agency that takes the rest of the region's headcount.
const remainderAgency = "DISDIK"

// isSekda reports whether code is a Sekretariat Daerah: the city's, or a region's.
func isSekda(code string) bool {
	return code == sekdaCode || (len(code) == len(medanCode)+1+len(sekdaCode) && code[len(medanCode):] == "-"+sekdaCode)
}

// regionSizes returns the headcount of every region, in regions order: Medan the city's
// EmployeeCount, every other region regionFloor plus its share by population of the rest of
// ProvinceEmployeeCount, rounded by largest remainder so that they add up exactly.
func regionSizes() []int {
	out := make([]int, len(regions))
	rest := ProvinceEmployeeCount - EmployeeCount
	pop := 0
	for i, r := range regions {
		if r.code == medanCode {
			out[i] = EmployeeCount
			continue
		}
		out[i] = regionFloor
		rest -= regionFloor
		pop += r.pop
	}
	given := 0
	fracs := make([]float64, len(regions))
	for i, r := range regions {
		if r.code == medanCode {
			fracs[i] = -1
			continue
		}
		x := float64(rest) * float64(r.pop) / float64(pop)
		out[i] += int(x)
		given += int(x)
		fracs[i] = x - math.Floor(x)
	}
	for left := rest - given; left > 0; left-- {
		best := -1
		for i, f := range fracs {
			if f >= 0 && (best < 0 || f > fracs[best]) {
				best = i
			}
		}
		out[best]++
		fracs[best] = -1
	}
	return out
}

// GenerateProvince builds the province data set for seed: Kota Medan exactly as Generate builds
// it (the first EmployeeCount employees and the city's agencies and positions are Generate's),
// then the other 32 regions, each with the agencies of regionAgencies. The same seed always
// gives the same data set.
func GenerateProvince(seed int64) *Dataset {
	g := newGen(seed, ProvinceEmployeeCount)
	g.city()
	g.d.sites = make(map[string]site)
	sizes := regionSizes()
	for i, r := range regions {
		if r.code == medanCode {
			continue
		}
		g.region(r, sizes[i])
	}
	return g.d
}

// region adds the agencies of r with size employees in all; r's Sekretaris Daerah tops its
// supervisor tree.
func (g *gen) region(r region, size int) {
	specs := make([]agencySpec, len(regionAgencies))
	rest := size
	scale := float64(size) / EmployeeCount * regionAgencyScale
	for i, code := range regionAgencies {
		s := citySpec(code)
		s.code = r.code + "-" + code
		s.name += " " + r.name
		s.head += " " + r.name
		if code != remainderAgency {
			s.size = max(3*(1+len(s.units)), int(math.Round(float64(s.size)*scale)))
			rest -= s.size
		}
		specs[i] = s
	}
	g.sekda = "" // the region's own Sekretaris Daerah has no supervisor in the data set
	var units []*planningv1.Agency
	for i := range specs {
		s := specs[i]
		if s.size == 0 {
			s.size = rest
		}
		units = append(units, g.agency(s, s.size)...)
		// The offices of a region's agencies on a 3×3 grid of about 450 m around its seat.
		g.d.sites[s.code] = site{lat: r.lat + float64(i%3-1)*0.004, lon: r.lon + float64(i/3-1)*0.004}
	}
	g.d.Agencies = append(g.d.Agencies, units...)
}

// citySpec returns a copy of the city agency code's spec; the catalog is fixed, so a missing
// code is a programming error.
func citySpec(code string) agencySpec {
	for _, a := range agencies {
		if a.code == code {
			return a
		}
	}
	panic("seed: the city has no agency " + code)
}

// officeSite returns where the demo office of the top-level agency code stands: the province's
// site of a region agency, or the city's.
func (d *Dataset) officeSite(code string) (site, bool) {
	if s, ok := d.sites[code]; ok {
		return s, true
	}
	s, ok := officeSites[code]
	return s, ok
}

// ProvinceOptions says where and how to load the province's offices.
type ProvinceOptions struct {
	// BaseURL is the gateway's address. Required.
	BaseURL string
	// Token is a city HR bearer token. Required.
	Token string
	// Dataset is the province, loaded with Load before. Required.
	Dataset *Dataset
	// Progress receives the progress line; nil means silent.
	Progress io.Writer
	// Concurrency is the number of requests in flight; DefaultConcurrency when zero.
	Concurrency int
}

// LoadProvinceOffices creates an office for every top-level agency of the province (what a
// morning's check-ins need besides the registry), like the city demo's offices: an office that
// exists already is left as it is. The returned stats count the offices only.
func LoadProvinceOffices(ctx context.Context, opts ProvinceOptions) (AttendanceStats, error) {
	start := time.Now()
	if opts.Dataset == nil {
		return AttendanceStats{}, errors.New("seed: no province data set to load offices for")
	}
	if opts.Concurrency < 0 {
		return AttendanceStats{}, fmt.Errorf("seed: concurrency %d is negative", opts.Concurrency)
	}
	l, err := newLoader(LoadOptions{BaseURL: opts.BaseURL, Token: opts.Token, Dataset: opts.Dataset,
		Progress: opts.Progress, Concurrency: opts.Concurrency})
	if err != nil {
		return AttendanceStats{}, err
	}
	defer l.close()
	a := &attendanceLoader{loader: l, now: start.In(wib), start: start}
	err = a.loadOffices(ctx)
	a.st.Duration = time.Since(start)
	return a.st, err
}
