package app

// CatalogueReader reads the catalogue area's data outside a transaction.
type CatalogueReader interface{}

// CatalogueTx is the catalogue area's part of a unit of work.
type CatalogueTx interface {
	CatalogueReader
}
