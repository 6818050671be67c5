package app

// DeliveryReader reads the delivery area's data outside a transaction.
type DeliveryReader interface{}

// DeliveryTx is the delivery area's part of a unit of work.
type DeliveryTx interface {
	DeliveryReader
}
