// Package domain holds the evaluation service's rules in pure Go, with no knowledge of gRPC,
// SQL or NATS: performance years and their periods, the SKP with its work results cascaded from
// the appraiser's and its workflow, realisation and evidence, feedback and dialogues, peer
// input, the rating matrix, the agency's distribution bound, objections and credit points.
//
// Sources, as cited in the rules' doc comments:
//   - DOMAIN.md, "Performance evaluation and monitoring" (the repository's domain reference):
//     the four stages, BerAKHLAK, the matrix, the distribution bound and the credit points.
//   - PermenPANRB 6/2022 on ASN performance management: the SKP and its cascading
//     (intervensi), continuous feedback, periodic evaluation (quarterly by default), the
//     predicate matrix, and in its annex the guide to the distribution of employees' predicates
//     by the organisation's predicate (DistributionBounds).
//   - PP 30/2019 on PNS performance appraisal, art. 59: an objection goes to the appraiser's
//     own supervisor within 14 days, whose decision is final.
//   - PermenPANRB 1/2023 on functional positions: the yearly credit points are the level's
//     coefficient × the predicate's percentage, pro rata by months.
//
// Times are passed in; nothing here reads a clock.
package domain
