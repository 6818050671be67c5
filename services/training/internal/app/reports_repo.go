package app

// ReportReader reads the JP ledger and the reports (read only, outside a transaction).
type ReportReader interface{}
