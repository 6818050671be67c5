// Package domain holds the training service's rules in pure Go, with no knowledge of gRPC, SQL
// or NATS: the programme catalogue (competency types, forms, providers, JP), sessions with their
// capacity and waitlist, enrolment and withdrawal, completion and STTPP-style certificates with
// an Ed25519 signature, the JP ledger per employee and year with the 20 JP minimum, feedback,
// the competency gap, the Latsar flag for CPNS, and university agreements.
//
// Sources, as cited in the rules' doc comments:
//   - DOMAIN.md, "Training and competency development" (the repository's domain reference).
//   - PP 11/2017 on PNS management as amended by PP 17/2020, art. 203: every PNS has the right
//     to competency development of at least 20 JP (jam pelajaran) a year.
//   - Peraturan LAN 10/2018 on PNS competency development: one JP is 45 minutes; DOMAIN.md marks
//     the conversion as *policy*, so it is Policy.MinutesPerJP with 45 as the default.
//   - PP 11/2017 art. 34–37 and Peraturan LAN 1/2021 (Latsar CPNS): a CPNS serves one year of
//     probation and must complete the basic training (Latsar) in it.
//
// Times are passed in; nothing here reads a clock.
package domain
