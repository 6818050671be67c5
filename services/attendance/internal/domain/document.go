package domain

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// Supporting documents for leave (a doctor's note, a certificate) uploaded to the service: PDF,
// JPEG or PNG files of at most MaxDocumentBytes, their type read from their first bytes.

// MaxDocumentBytes is the largest document accepted: 2 MiB, enough for a scanned page or a
// phone photo of one.
const MaxDocumentBytes = 2 << 20

// maxFileNameLength bounds a document's file name, in characters.
const maxFileNameLength = 200

// The document media types accepted.
const (
	DocumentPDF  = "application/pdf"
	DocumentJPEG = "image/jpeg"
	DocumentPNG  = "image/png"
)

// documentMagic are the first bytes of each accepted type.
var documentMagic = []struct {
	prefix []byte
	typ    string
}{
	{[]byte("%PDF-"), DocumentPDF},
	{[]byte{0xFF, 0xD8, 0xFF}, DocumentJPEG},
	{[]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, DocumentPNG},
}

// DocumentType returns the media type content's first bytes show, if it is one accepted.
func DocumentType(content []byte) (string, bool) {
	for _, m := range documentMagic {
		if bytes.HasPrefix(content, m.prefix) {
			return m.typ, true
		}
	}
	return "", false
}

// DocumentUpload is a document as a client sends it.
type DocumentUpload struct {
	FileName string
	// Declared is the media type the client declares, if any; it is not trusted.
	Declared string
	Content  []byte
}

// CheckDocument validates an upload and returns its media type, read from the content, and its
// file name cleaned: the last element of a path, trimmed. The violations name file_name,
// content_type and content: the content is required, at most MaxDocumentBytes, and a PDF, JPEG
// or PNG by its first bytes; a declared type must be one of those three (a declared type that
// differs from the content's is not an error: the content's is stored); the file name is at most
// 200 characters without control characters, "dokumen" plus the type's extension when empty.
func CheckDocument(u DocumentUpload) (typ, fileName string, err error) {
	var v errs.Violations
	switch {
	case len(u.Content) == 0:
		v.Add("content", "is required: the file's bytes, base64 in JSON")
	case len(u.Content) > MaxDocumentBytes:
		v.Add("content", "is %d bytes; a document may have at most %d (2 MiB)", len(u.Content), MaxDocumentBytes)
	default:
		var ok bool
		if typ, ok = DocumentType(u.Content); !ok {
			v.Add("content", "is not a PDF, JPEG or PNG file (by its first bytes); only those are accepted")
		}
	}
	if d := strings.ToLower(strings.TrimSpace(u.Declared)); d != "" && d != DocumentPDF && d != DocumentJPEG && d != DocumentPNG {
		v.Add("content_type", "%q is not accepted; only %s, %s or %s", u.Declared, DocumentPDF, DocumentJPEG, DocumentPNG)
	}
	fileName = cleanFileName(u.FileName)
	switch {
	case !utf8.ValidString(fileName) || strings.ContainsFunc(fileName, unicode.IsControl):
		v.Add("file_name", "must be text without control characters")
	case utf8.RuneCountInString(fileName) > maxFileNameLength:
		v.Add("file_name", "has %d characters; at most %d", utf8.RuneCountInString(fileName), maxFileNameLength)
	}
	if err := v.Err(); err != nil {
		return "", "", err
	}
	if fileName == "" {
		fileName = "dokumen" + documentExtension(typ)
	}
	return typ, fileName, nil
}

// cleanFileName keeps the last element of a path (either separator) and trims spaces.
func cleanFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return strings.TrimSpace(name)
}

func documentExtension(typ string) string {
	switch typ {
	case DocumentPDF:
		return ".pdf"
	case DocumentJPEG:
		return ".jpg"
	case DocumentPNG:
		return ".png"
	}
	return ""
}

// ContentDisposition is the Content-Disposition of a document download named fileName
// (RFC 6266): an attachment, with an ASCII fallback name (other characters, quotes and
// backslashes as "_") and the UTF-8 name percent-encoded (RFC 8187).
func ContentDisposition(fileName string) string {
	var ascii, enc strings.Builder
	for _, r := range fileName {
		if r < 0x20 || r > 0x7E || r == '"' || r == '\\' {
			ascii.WriteByte('_')
		} else {
			ascii.WriteRune(r)
		}
	}
	for _, b := range []byte(fileName) {
		if b < 0x80 && (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("!#$&+-.^_`|~", b) >= 0) {
			enc.WriteByte(b)
		} else {
			fmt.Fprintf(&enc, "%%%02X", b)
		}
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii.String(), enc.String())
}
