package domain_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

var (
	pdf  = []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
	jpeg = []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F'}
	png  = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13}
)

// The type comes from the first bytes; the declared type is only checked to be one accepted.
func TestCheckDocument(t *testing.T) {
	tests := []struct {
		name     string
		in       domain.DocumentUpload
		typ      string
		fileName string
		field    string
	}{
		{"pdf", domain.DocumentUpload{FileName: "surat-dokter.pdf", Declared: "application/pdf", Content: pdf}, domain.DocumentPDF, "surat-dokter.pdf", ""},
		{"jpeg declared png", domain.DocumentUpload{FileName: "foto.png", Declared: "image/png", Content: jpeg}, domain.DocumentJPEG, "foto.png", ""},
		{"png without a name", domain.DocumentUpload{Content: png}, domain.DocumentPNG, "dokumen.png", ""},
		{"a path as name", domain.DocumentUpload{FileName: `C:\Users\budi\Surat Sakit.pdf`, Content: pdf}, domain.DocumentPDF, "Surat Sakit.pdf", ""},
		{"html", domain.DocumentUpload{FileName: "x.pdf", Declared: "application/pdf", Content: []byte("<html><script>alert(1)</script>")}, "", "", "content"},
		{"empty", domain.DocumentUpload{FileName: "x.pdf"}, "", "", "content"},
		{"over 2 MiB", domain.DocumentUpload{Content: append(bytes.Clone(pdf), make([]byte, domain.MaxDocumentBytes)...)}, "", "", "content"},
		{"exactly 2 MiB", domain.DocumentUpload{Content: append(bytes.Clone(pdf), make([]byte, domain.MaxDocumentBytes-len(pdf))...)}, domain.DocumentPDF, "dokumen.pdf", ""},
		{"declared html", domain.DocumentUpload{Declared: "text/html", Content: pdf}, "", "", "content_type"},
		{"name too long", domain.DocumentUpload{FileName: strings.Repeat("a", 201), Content: pdf}, "", "", "file_name"},
		{"control character", domain.DocumentUpload{FileName: "a\x00.pdf", Content: pdf}, "", "", "file_name"},
	}
	for _, tt := range tests {
		typ, name, err := domain.CheckDocument(tt.in)
		if tt.field != "" {
			e, ok := errs.As(err)
			if !ok || e.Kind != errs.Invalid || len(e.Violations) == 0 || e.Violations[0].Field != tt.field {
				t.Errorf("%s: error %v, want a violation of %s", tt.name, err, tt.field)
			}
			continue
		}
		if err != nil || typ != tt.typ || name != tt.fileName {
			t.Errorf("%s: %q %q %v, want %q %q", tt.name, typ, name, err, tt.typ, tt.fileName)
		}
	}
}

func TestContentDisposition(t *testing.T) {
	tests := map[string]string{
		"surat-dokter.pdf":  `attachment; filename="surat-dokter.pdf"; filename*=UTF-8''surat-dokter.pdf`,
		`Surat "Sakit".pdf`: `attachment; filename="Surat _Sakit_.pdf"; filename*=UTF-8''Surat%20%22Sakit%22.pdf`,
		"Keterangan é.jpg":  `attachment; filename="Keterangan _.jpg"; filename*=UTF-8''Keterangan%20%C3%A9.jpg`,
	}
	for in, want := range tests {
		if got := domain.ContentDisposition(in); got != want {
			t.Errorf("ContentDisposition(%q) = %s, want %s", in, got, want)
		}
	}
}
