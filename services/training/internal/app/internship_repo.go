package app

// InternshipReader reads the internship area's data outside a transaction.
type InternshipReader interface{}

// InternshipTx is the internship area's part of a unit of work.
type InternshipTx interface {
	InternshipReader
}
