package load

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// WriteTable writes r as a table for people.
func WriteTable(w io.Writer, r Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "protocol\temployees\tin flight\tseconds\trequests\tok\tcheck-ins/s\tp50 ms\tp95 ms\tp99 ms\tmax ms\n")
	fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t%d\t%d\t%.0f\t%.1f\t%.1f\t%.1f\t%.1f\n",
		r.Protocol, r.Employees, r.Concurrency, r.Seconds, r.Requests, r.OK, r.Throughput, r.P50, r.P95, r.P99, r.Max)
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.Errors) == 0 {
		_, err := fmt.Fprintln(w, "errors: none")
		return err
	}
	keys := make([]string, 0, len(r.Errors))
	for k := range r.Errors {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	fmt.Fprintln(w, "errors:")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, k := range keys {
		fmt.Fprintf(tw, "  %s\t%d\n", k, r.Errors[k])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if r.FirstError != "" {
		first := r.FirstError
		if len(first) > 300 {
			first = first[:300] + "…"
		}
		_, err := fmt.Fprintf(w, "first error: %s\n", strings.TrimSpace(first))
		return err
	}
	return nil
}
