// Package domain holds the attendance service's rules in pure Go, with no knowledge of gRPC, SQL
// or NATS: the working calendar (national working hours, holidays and collective leave,
// Ramadan hours, shifts), check-in evaluation (geofence, lateness, offline uploads), the daily
// status and the PP 94/2021 discipline thresholds, and ASN leave (types, eligibility, lengths,
// counting in working days, the annual-leave ledger and the approval workflow).
//
// The numbers come from DOMAIN.md: Perpres 21/2023 working hours, PP 94/2021 thresholds,
// Peraturan BKN 24/2017 leave. Values marked *policy* there are fields of Policy with the
// documented default.
package domain
