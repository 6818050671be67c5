package domain

// Who takes the first decision on a leave request, and the top of the chain.
//
// DOMAIN.md "People and organisation": every employee has a direct supervisor (atasan langsung)
// who decides their leave, except the top officials — the city secretary, and anyone whose
// direct superior is the mayor — who have no ASN supervisor. Their leave is decided by the PPK
// (pejabat pembina kepegawaian, the mayor) or an official the PPK delegates to (Peraturan BKN
// 24/2017: the PPK grants leave and may delegate it), and the system records that decision
// through city HR with the number of the PPK's decree (nomor SK).
//
// A top official is known from the directory copy alone: an employee with no supervisor. The
// copy holds no position class or echelon that would say more, and the registry leaves the
// supervisor empty exactly for those whose superior is not an ASN (the mayor is elected, not
// in the registry). So for an employee without a supervisor:
//
//   - city HR approves, rejects or defers the request with decree_number, the PPK's decree;
//     the history entry names city HR's subject, the role city-hr and the decree;
//   - city HR without decree_number gets InvalidArgument on decree_number, saying why;
//   - anyone else gets PermissionDenied naming the rule;
//   - the PPK's approval is final: the PPK is the authority who grants leave, so a long type
//     does not wait for agency HR's second approval after it.
//
// For everyone else a decree number is refused (InvalidArgument on decree_number): the direct
// supervisor decides, and a decree number there would put a PPK's decision in the history that
// nobody took.

import (
	"strings"
	"unicode"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// The bounds of a decree number. Indonesian decree numbers are short codes such as
// "800.1.6.2/1234/BKPSDM/2026" or "Kep. 821.2/0045/2026"; 100 characters hold any of them.
const (
	DecreeNumberMinLen = 3
	DecreeNumberMaxLen = 100
)

// decreePunctuation is the punctuation a decree number may contain besides letters, digits and
// spaces.
const decreePunctuation = "./-_():,"

// ValidateDecreeNumber checks a decree number (nomor SK), trimmed: DecreeNumberMinLen to
// DecreeNumberMaxLen characters of ASCII letters, digits, spaces and . / - _ ( ) : , with at
// least one digit. The violation is on decree_number.
func ValidateDecreeNumber(s string) error {
	s = strings.TrimSpace(s)
	n := len([]rune(s))
	if n < DecreeNumberMinLen || n > DecreeNumberMaxLen {
		return errs.Invalidf("decree_number", "%q has %d characters; a decree number (nomor SK) has %d to %d", s, n, DecreeNumberMinLen, DecreeNumberMaxLen)
	}
	digit := false
	for _, r := range s {
		switch {
		case r > unicode.MaxASCII:
			return errs.Invalidf("decree_number", "has %q; a decree number (nomor SK) is written with letters A–Z, digits, spaces and %s", r, decreePunctuation)
		case unicode.IsDigit(r):
			digit = true
		case unicode.IsLetter(r), r == ' ', strings.ContainsRune(decreePunctuation, r):
		default:
			return errs.Invalidf("decree_number", "has %q; a decree number (nomor SK) is written with letters A–Z, digits, spaces and %s", r, decreePunctuation)
		}
	}
	if !digit {
		return errs.Invalidf("decree_number", "%q has no digit; give the decree's number (nomor SK), e.g. 800.1.6.2/1234/BKPSDM/2026", s)
	}
	return nil
}

// TopOfficial reports whether emp is a top official whose leave the PPK decides: one without a
// supervisor in the directory (see the file comment).
func TopOfficial(emp LeaveEmployee) bool { return emp.Supervisor == "" }

// checkFirstDecider checks that actor may take the first decision (verb: approve, reject,
// defer) on r, and returns the history entry's actor fields: the direct supervisor in role
// supervisor, or, for a top official, city HR in role city-hr with the PPK's decree number.
func checkFirstDecider(r LeaveRequest, emp LeaveEmployee, actor LeaveActor, verb string) (LeaveDecision, error) {
	decree := strings.TrimSpace(actor.Decree)
	if !TopOfficial(emp) {
		if decree != "" {
			return LeaveDecision{}, errs.Invalidf("decree_number", "is only for recording the PPK's decision on the leave of a top official without a direct supervisor; %s has one (%s), who decides leave request %s", emp.NIP, emp.Supervisor, r.ID)
		}
		if err := checkDirectSupervisor(r, emp, actor, verb); err != nil {
			return LeaveDecision{}, err
		}
		return LeaveDecision{By: actor.NIP, Role: RoleSupervisor}, nil
	}
	if !actor.CityHR {
		return LeaveDecision{}, errs.Deniedf("employee %s has no direct supervisor: a top official's leave is decided by the PPK (the mayor) or the official the PPK delegates to, and city HR records that decision with the decree's number; %s may not %s leave request %s", emp.NIP, actor.NIP, verb, r.ID)
	}
	if actor.NIP == r.EmployeeNIP {
		return LeaveDecision{}, errs.Deniedf("%s may not record a decision on their own leave request %s", actor.NIP, r.ID)
	}
	if decree == "" {
		return LeaveDecision{}, errs.Invalidf("decree_number", "is required: employee %s has no direct supervisor (a top official, whose superior is the mayor), so leave request %s is decided by the PPK and city HR records that decision with the number of the PPK's decree (nomor SK)", emp.NIP, r.ID)
	}
	if err := ValidateDecreeNumber(decree); err != nil {
		return LeaveDecision{}, err
	}
	return LeaveDecision{By: actor.NIP, Role: RoleCityHR, Decree: decree}, nil
}
