package store

// Reading an SKP's results for cascading: only each result's id, parent and plan reference, out
// of the results JSON that also holds the texts, indicators and targets. An agency's check reads
// thousands of them (7,298 in the demo's largest); encoding/json, which validates the whole input
// before decoding it and skips the indicators by reflection, was half of the check's time.
// github.com/goccy/go-json decodes the same JSON into the same struct with the same rules in
// about half the time (BenchmarkCheckCascade on SQLite: 194 CPU-ms per check with a table of
// links instead of the JSON, 113–116 with go-json).

import gojson "github.com/goccy/go-json"

// cascadeResults decodes a results JSON array into the fields cascading reads.
func cascadeResults(data []byte) ([]cascadeResult, error) {
	var out []cascadeResult
	return out, gojson.Unmarshal(data, &out)
}
