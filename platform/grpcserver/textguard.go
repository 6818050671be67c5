package grpcserver

import (
	"context"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// MultiLineFields are the names of the string fields whose text is legitimately multi-line:
// an imported file's content, and the free-text reasons, notes and descriptions people type.
// They may hold tab, line feed and carriage return; every other string field may not. A field
// is marked by its name, not by a proto option, so the rule holds for every service's messages
// without a custom option compiled into each: a field named content, reason, note, notes,
// description or comment, or ending in _reason or _note. TestMultiLineFields lists the fields
// of the suite's APIs this marks, so a new one is a reviewed choice.
var MultiLineFields = []string{"content", "reason", "note", "notes", "description", "comment"}

// MultiLine reports whether the field called name may hold tab, line feed and carriage return.
func MultiLine(name string) bool {
	for _, n := range MultiLineFields {
		if name == n {
			return true
		}
	}
	return strings.HasSuffix(name, "_reason") || strings.HasSuffix(name, "_note")
}

// TextUnaryInterceptor refuses a request with a string field — at any depth: nested messages,
// repeated fields, map keys and values — that holds text no person types and no database
// stores faithfully: invalid UTF-8, a control character (C0 and C1: NUL is a 500 on
// PostgreSQL, which refuses it in TEXT, and is stored as-is on SQLite), or an invisible bidi
// override or isolate (U+202A–U+202E, U+2066–U+2069, which make a name or code read
// differently from what it is: "Trojan Source", CVE-2021-42574). Tab, line feed and carriage
// return are allowed in MultiLineFields only. The answer is InvalidArgument with a
// google.rpc.BadRequest naming each field by its path (employee.display_name, items[2].code,
// labels["k"]), the same form protovalidate uses.
func TextUnaryInterceptor() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if m, ok := req.(proto.Message); ok {
			if err := CheckText(m); err != nil {
				return nil, err
			}
		}
		return handler(ctx, req)
	}
}

// CheckText returns the InvalidArgument error TextUnaryInterceptor answers for m, nil when
// every string of m is acceptable.
func CheckText(m proto.Message) error {
	var vs errs.Violations
	walkText(m.ProtoReflect(), "", &vs)
	return vs.Err()
}

func walkText(m protoreflect.Message, prefix string, vs *errs.Violations) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		path := prefix + string(fd.Name())
		switch {
		case fd.IsMap():
			v.Map().Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
				at := path + "[" + mapKey(k) + "]"
				if fd.MapKey().Kind() == protoreflect.StringKind {
					checkString(at, k.String(), false, vs)
				}
				checkValue(fd.MapValue(), mv, at, MultiLine(string(fd.Name())), vs)
				return true
			})
		case fd.IsList():
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				checkValue(fd, l.Get(i), path+"["+strconv.Itoa(i)+"]", MultiLine(string(fd.Name())), vs)
			}
		default:
			checkValue(fd, v, path, MultiLine(string(fd.Name())), vs)
		}
		return true
	})
}

func checkValue(fd protoreflect.FieldDescriptor, v protoreflect.Value, path string, lines bool, vs *errs.Violations) {
	switch fd.Kind() {
	case protoreflect.StringKind:
		checkString(path, v.String(), lines, vs)
	case protoreflect.MessageKind, protoreflect.GroupKind:
		walkText(v.Message(), path+".", vs)
	}
}

func mapKey(k protoreflect.MapKey) string {
	if s, ok := k.Interface().(string); ok {
		return strconv.Quote(s)
	}
	return k.String()
}

// checkString adds a violation for path when s holds a character it may not.
func checkString(path, s string, lines bool, vs *errs.Violations) {
	if !utf8.ValidString(s) {
		vs.Add(path, "must be valid UTF-8")
		return
	}
	for i, r := range s {
		if bad := forbidden(r, lines); bad != "" {
			vs.Add(path, "must not contain %s (U+%04X at byte %d)", bad, r, i)
			return
		}
	}
}

// forbidden names the class of r when a text field may not hold it, "" when it may.
func forbidden(r rune, lines bool) string {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		if lines {
			return ""
		}
		return "a tab or line break"
	case unicode.IsControl(r): // C0, DEL and C1
		return "a control character"
	case (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069):
		return "a bidirectional override"
	}
	return ""
}
