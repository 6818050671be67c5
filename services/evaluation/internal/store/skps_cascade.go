package store

// Reading an SKP's results for cascading: only each result's id, parent and plan reference, out
// of the results JSON that also holds the texts, indicators and targets. An agency's check reads
// thousands of them (7,298 in the demo's largest), and encoding/json, which validates the whole
// input before decoding it and skips the indicators by reflection, was half of the check's time;
// cascadeResults walks the JSON once and copies only the four strings. Anything it does not
// expect is handed to encoding/json, so it is never less correct.

import (
	"encoding/json"
	"errors"
)

// errCascadeJSON is cascadeResults' own "not the shape I read": encoding/json decides instead.
var errCascadeJSON = errors.New("unexpected JSON")

// cascadeResults decodes a results JSON array into the fields cascading reads.
func cascadeResults(data []byte) ([]cascadeResult, error) {
	if out, err := walkResults(data); err == nil {
		return out, nil
	}
	var out []cascadeResult
	return out, json.Unmarshal(data, &out)
}

// jsonWalk is a position in a JSON text.
type jsonWalk struct {
	b []byte
	i int
}

func (w *jsonWalk) space() {
	for w.i < len(w.b) && (w.b[w.i] == ' ' || w.b[w.i] == '\n' || w.b[w.i] == '\t' || w.b[w.i] == '\r') {
		w.i++
	}
}

// next skips space and reports whether the next byte is c, consuming it if so.
func (w *jsonWalk) next(c byte) bool {
	w.space()
	if w.i < len(w.b) && w.b[w.i] == c {
		w.i++
		return true
	}
	return false
}

// raw reads a string and returns its bytes between the quotes, without copying, and whether it
// holds an escape.
func (w *jsonWalk) raw() ([]byte, bool, error) {
	w.space()
	if w.i >= len(w.b) || w.b[w.i] != '"' {
		return nil, false, errCascadeJSON
	}
	start, escaped := w.i, false
	for w.i++; w.i < len(w.b); w.i++ {
		switch w.b[w.i] {
		case '\\':
			escaped = true
			w.i++
		case '"':
			w.i++
			return w.b[start:w.i], escaped, nil
		}
	}
	return nil, false, errCascadeJSON
}

// str reads a string, unescaping it through encoding/json when it holds an escape.
func (w *jsonWalk) str() (string, error) {
	q, escaped, err := w.raw()
	if err != nil || !escaped {
		return string(q[min(1, len(q)):max(0, len(q)-1)]), err
	}
	var s string
	err = json.Unmarshal(q, &s)
	return s, err
}

// skip skips one value of any kind.
func (w *jsonWalk) skip() error {
	w.space()
	if w.i >= len(w.b) {
		return errCascadeJSON
	}
	switch w.b[w.i] {
	case '"':
		_, _, err := w.raw()
		return err
	case '{', '[':
		depth := 0
		for ; w.i < len(w.b); w.i++ {
			switch w.b[w.i] {
			case '"':
				if _, _, err := w.raw(); err != nil {
					return err
				}
				w.i--
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					w.i++
					return nil
				}
			}
		}
		return errCascadeJSON
	}
	for w.i < len(w.b) && w.b[w.i] != ',' && w.b[w.i] != '}' && w.b[w.i] != ']' {
		w.i++
	}
	return nil
}

// walkResults reads [{"id": …, "parent_skp": …, …}, …], skipping the other members.
func walkResults(data []byte) ([]cascadeResult, error) {
	w := &jsonWalk{b: data}
	if !w.next('[') {
		return nil, errCascadeJSON
	}
	out := make([]cascadeResult, 0, 4)
	if w.next(']') {
		return out, w.end()
	}
	for {
		r, err := w.result()
		if err != nil {
			return nil, err
		}
		out = append(out, r)
		if w.next(']') {
			return out, w.end()
		}
		if !w.next(',') {
			return nil, errCascadeJSON
		}
	}
}

// end checks nothing follows the value.
func (w *jsonWalk) end() error {
	if w.space(); w.i != len(w.b) {
		return errCascadeJSON
	}
	return nil
}

// result reads one result object.
func (w *jsonWalk) result() (cascadeResult, error) {
	var r cascadeResult
	if !w.next('{') {
		return r, errCascadeJSON
	}
	if w.next('}') {
		return r, nil
	}
	for {
		key, escaped, err := w.raw()
		if err != nil || escaped || !w.next(':') {
			return r, errCascadeJSON
		}
		var dst *string
		switch string(key[1 : len(key)-1]) {
		case "id":
			dst = &r.ID
		case "parent_skp":
			dst = &r.ParentSkp
		case "parent_result":
			dst = &r.ParentResult
		case "plan_reference":
			dst = &r.PlanReference
		}
		if dst != nil {
			if *dst, err = w.str(); err != nil {
				return r, err
			}
		} else if err := w.skip(); err != nil {
			return r, err
		}
		if w.next('}') {
			return r, nil
		}
		if !w.next(',') {
			return r, errCascadeJSON
		}
	}
}
