package app

// ReportReader reads the reports (read only, outside a transaction).
type ReportReader interface{}
