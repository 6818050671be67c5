package app

// FeedbackReader reads the feedback area's data outside a transaction.
type FeedbackReader interface{}

// FeedbackTx changes the feedback area's data inside a unit of work.
type FeedbackTx interface{}
