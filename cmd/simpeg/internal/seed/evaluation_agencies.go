package seed

import (
	"fmt"
	"slices"
	"strings"
)

// EvaluationDemoAgencies are the agencies simpeg seed --demo gives a year of evaluation by
// default: the regional secretariat (its head, the Sekda, appraises the other agency heads and
// heads the cascade), the five agencies with attendance history, and SETWAN. Between them they
// hold each kind of organisation predicate the demo sets (Baik; BKPSDM and KEC-MEDAN-POLONIA
// Istimewa; SETWAN Butuh Perbaikan): 1,205 employees of the demo's 20,548. The whole city (20,548 SKPs, about 139,000 writes through
// the API) took 30 minutes on PostgreSQL on a shared two-core machine, too long for a demo a
// newcomer waits for; --evaluation-agencies all loads it.
var EvaluationDemoAgencies = []string{"SETDA", "DISKOMINFO", "BKPSDM", "BAPPEDA", "INSPEKTORAT", "KEC-MEDAN-POLONIA", "SETWAN"}

// EvaluationSubset returns the part of d the evaluation demo loads for the flag's value: "all"
// the whole data set, "" nothing (nil), otherwise the comma-separated top-level agency codes
// with their units, positions and employees. An unknown code is an error naming it.
func EvaluationSubset(d *Dataset, flag string) (*Dataset, error) {
	flag = strings.TrimSpace(flag)
	switch flag {
	case "all":
		return d, nil
	case "":
		return nil, nil
	}
	keep := map[string]bool{}
	known := map[string]bool{}
	for _, a := range d.Agencies {
		if a.GetParent() == "" {
			known[a.GetCode()] = true
		}
	}
	for _, c := range strings.Split(flag, ",") {
		c = strings.TrimSpace(c)
		if !known[c] {
			codes := make([]string, 0, len(known))
			for k := range known {
				codes = append(codes, k)
			}
			slices.Sort(codes)
			return nil, fmt.Errorf("--evaluation-agencies: %q is not a top-level agency of the demo (want all, nothing, or codes among %s)", c, strings.Join(codes, ", "))
		}
		keep[c] = true
	}
	codes := make([]string, 0, len(keep))
	for c := range keep {
		codes = append(codes, c)
	}
	return Subset(d, codes...), nil
}

// Subset returns the part of d made of the top-level agencies codes: those agencies, their units,
// positions and employees, in d's order.
func Subset(d *Dataset, codes ...string) *Dataset {
	keep := map[string]bool{}
	for _, c := range codes {
		keep[c] = true
	}
	out := &Dataset{Seed: d.Seed}
	for _, a := range d.Agencies {
		if keep[a.GetCode()] || keep[a.GetParent()] {
			out.Agencies = append(out.Agencies, a)
		}
	}
	for _, p := range d.Positions {
		if keep[p.GetAgency()] {
			out.Positions = append(out.Positions, p)
		}
	}
	for _, e := range d.Employees {
		if keep[e.GetAgency()] {
			out.Employees = append(out.Employees, e)
		}
	}
	return out
}
