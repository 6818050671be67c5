// Package errs is the small vocabulary of errors the domain and application layers return. It
// is pure Go: the gRPC server maps these, once, to status codes with google.rpc details, and
// the gateway from there to HTTP. Anything that is not an *Error is a fault of ours and becomes
// Internal, with the cause logged and not shown.
package errs

import (
	"errors"
	"fmt"
	"strings"
)

// Kind classifies an error by what the caller can do about it.
type Kind int

// The kinds of error.
const (
	// Invalid: the request is wrong; Violations say which fields and why (HTTP 400).
	Invalid Kind = iota + 1
	// NotFound: the named resource does not exist, or the caller may not know it does (404).
	NotFound
	// AlreadyExists: a resource with that identity exists (409).
	AlreadyExists
	// FailedPrecondition: the request is well-formed but the system's state forbids it (400).
	FailedPrecondition
	// Conflict: the resource changed since the caller read it (etag mismatch, 412).
	Conflict
	// PermissionDenied: the caller is known but may not do this (403).
	PermissionDenied
	// Unauthenticated: the caller is not known (401).
	Unauthenticated
	// Unavailable: a dependency is down; retrying later may work (503).
	Unavailable
)

// FieldViolation names one wrong field and the rule it broke.
type FieldViolation struct {
	Field       string
	Description string
}

// Error is an error the caller can act on.
type Error struct {
	Kind       Kind
	Message    string
	Reason     string // a stable UPPER_SNAKE reason, e.g. ETAG_MISMATCH; optional
	Violations []FieldViolation
}

func (e *Error) Error() string { return e.Message }

// New returns an error of kind k with a formatted message.
func New(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// WithReason sets the stable reason code and returns e.
func (e *Error) WithReason(reason string) *Error {
	e.Reason = reason
	return e
}

// Violations collects field violations; its Err is nil when there are none.
type Violations []FieldViolation

// Add records that field breaks a rule.
func (v *Violations) Add(field, format string, args ...any) {
	*v = append(*v, FieldViolation{Field: field, Description: fmt.Sprintf(format, args...)})
}

// Err returns an Invalid error listing the violations, or nil.
func (v Violations) Err() error {
	if len(v) == 0 {
		return nil
	}
	msg := make([]string, 0, len(v))
	for _, fv := range v {
		msg = append(msg, fv.Field+": "+fv.Description)
	}
	return &Error{Kind: Invalid, Message: "invalid request: " + strings.Join(msg, "; "), Reason: "INVALID_ARGUMENT", Violations: v}
}

// Invalidf returns an Invalid error about one field.
func Invalidf(field, format string, args ...any) error {
	var v Violations
	v.Add(field, format, args...)
	return v.Err()
}

// NotFoundf returns a NotFound error.
func NotFoundf(format string, args ...any) error { return New(NotFound, format, args...) }

// Existsf returns an AlreadyExists error.
func Existsf(format string, args ...any) error { return New(AlreadyExists, format, args...) }

// Deniedf returns a PermissionDenied error.
func Deniedf(format string, args ...any) error { return New(PermissionDenied, format, args...) }

// Preconditionf returns a FailedPrecondition error.
func Preconditionf(format string, args ...any) error { return New(FailedPrecondition, format, args...) }

// EtagMismatch returns the Conflict error for a stale etag.
func EtagMismatch(resource, got, want string) error {
	return New(Conflict, "%s has changed: etag %q is stale, the current one is %q; read it again and retry", resource, got, want).WithReason("ETAG_MISMATCH")
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsKind reports whether err's chain holds an *Error of kind k.
func IsKind(err error, k Kind) bool {
	e, ok := As(err)
	return ok && e.Kind == k
}

// Prefix returns a copy of err with every violation's field path prefixed by p and a dot,
// e.g. to turn "nip" into "employee.nip". Errors of other kinds are returned unchanged.
func Prefix(p string, err error) error {
	e, ok := As(err)
	if !ok || len(e.Violations) == 0 {
		return err
	}
	v := make(Violations, len(e.Violations))
	for i, fv := range e.Violations {
		v[i] = FieldViolation{Field: p + "." + fv.Field, Description: fv.Description}
	}
	return v.Err()
}
