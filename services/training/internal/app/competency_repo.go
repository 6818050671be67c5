package app

// CompetencyReader reads the competency area's data outside a transaction.
type CompetencyReader interface{}

// CompetencyTx is the competency area's part of a unit of work.
type CompetencyTx interface {
	CompetencyReader
}
