package app

// RatingReader reads the rating area's data outside a transaction.
type RatingReader interface{}

// RatingTx changes the rating area's data inside a unit of work.
type RatingTx interface{}
