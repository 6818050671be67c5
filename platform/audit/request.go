package audit

// Request is what every service's generated ListAuditRecordsRequest has: each service declares
// its own message (so its API stays self-contained), and they all carry the same fields.
type Request interface {
	GetResource() string
	GetActor() string
	GetPageSize() int32
	GetPageToken() string
}

// QueryOf returns the query a ListAuditRecords request of any service asks for.
func QueryOf(r Request) Query {
	return Query{Resource: r.GetResource(), Actor: r.GetActor(), PageSize: int(r.GetPageSize()), PageToken: r.GetPageToken()}
}
