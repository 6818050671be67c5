// Package csvexport writes the CSV files the suite offers for download so that no cell is run
// as a formula when the file is opened in a spreadsheet (CSV or "formula" injection).
//
// The rule is OWASP's (https://owasp.org/www-community/attacks/CSV_Injection): a cell whose
// first character is '=', '+', '-', '@', a tab or a carriage return is prefixed with a single
// quote, which spreadsheets show as text and do not evaluate. Every CSV writer of the suite
// goes through Writer (or Cell), so the rule is written once.
//
// One exception keeps numbers numbers: a cell that is a plain decimal number ("-3", "+2",
// "-0.5") is written as it is. A spreadsheet reads it as that number and nothing else (it has
// no operator, reference or function after the sign), and quoting it would turn a negative
// count into text that sums to nothing.
package csvexport

import (
	"encoding/csv"
	"io"
	"strings"
)

// triggers are the first characters that make a spreadsheet evaluate a cell (OWASP).
const triggers = "=+-@\t\r"

// Cell returns s as it is safe to write in a CSV cell: prefixed with a single quote when it
// starts with a formula trigger and is not a plain decimal number.
func Cell(s string) string {
	if s == "" || !strings.ContainsRune(triggers, rune(s[0])) || isNumber(s) {
		return s
	}
	return "'" + s
}

// isNumber reports whether s is a plain decimal number: an optional sign, digits, and at most
// one decimal point followed by digits.
func isNumber(s string) bool {
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	intPart, frac, hasPoint := strings.Cut(s, ".")
	return digits(intPart) && (!hasPoint || digits(frac))
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Writer is an encoding/csv Writer that neutralises every cell with Cell.
type Writer struct {
	*csv.Writer
	rec []string
}

// NewWriter returns a Writer writing RFC 4180 CSV to w.
func NewWriter(w io.Writer) *Writer { return &Writer{Writer: csv.NewWriter(w)} }

// Write writes one record, each cell neutralised; record itself is left unchanged.
func (w *Writer) Write(record []string) error {
	w.rec = w.rec[:0]
	for _, c := range record {
		w.rec = append(w.rec, Cell(c))
	}
	return w.Writer.Write(w.rec)
}

// WriteAll writes records with Write and flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}
