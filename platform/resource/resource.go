// Package resource holds what every service's API does the same way with its resources (AIP
// style): etags of stored versions, ids out of resource names, page sizes and page tokens, and
// the checks that narrow a call to the caller's grant. Errors are platform/errs errors, so the
// transport maps them to statuses the same way in every service.
package resource

import (
	"strconv"
	"strings"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
)

// Etag returns the etag of a stored version: "v" followed by the version number.
func Etag(version int64) string { return "v" + strconv.FormatInt(version, 10) }

// CheckEtag returns an EtagMismatch error for the named resource when the caller sent an etag
// that is not the etag of version; an empty etag means "whatever is current" and passes.
func CheckEtag(name, etag string, version int64) error {
	if etag != "" && etag != Etag(version) {
		return errs.EtagMismatch(name, etag, Etag(version))
	}
	return nil
}

// NameID returns the id in a resource name of the form prefix + id + suffix, e.g.
// NameID("agencies/DINKES/workSchedule", "agencies/", "/workSchedule", "name") is "DINKES". An
// empty id, an id with a slash, or a name of another form is an Invalid error naming field.
func NameID(name, prefix, suffix, field string) (string, error) {
	id, ok := strings.CutPrefix(name, prefix)
	if ok {
		id, ok = strings.CutSuffix(id, suffix)
	}
	if !ok || id == "" || strings.Contains(id, "/") {
		return "", errs.Invalidf(field, "must look like %s{id}%s, got %q", prefix, suffix, name)
	}
	return id, nil
}

// PageSize returns the page size a list call serves for the requested n: def when n is zero or
// negative (not set), at most limit.
func PageSize(n, def, limit int) int {
	switch {
	case n <= 0:
		return def
	case n > limit:
		return limit
	}
	return n
}

// Page trims rows, read with one row more than size to learn whether another page follows, to
// size, and returns the token of the next page: the key of the page's last row, or "" on the
// last page.
func Page[T any](rows []T, size int, key func(T) string) ([]T, string) {
	if len(rows) <= size {
		return rows, ""
	}
	rows = rows[:size]
	return rows, paging.Token(key(rows[size-1]))
}
