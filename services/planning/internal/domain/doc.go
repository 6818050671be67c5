// Package domain holds the workforce registry's types and rules — agencies and their unit
// tree, positions, employees with their NIP, rank, supervisor and assignment history — in pure
// Go, with no knowledge of gRPC, SQL or NATS. Functions here validate and change values; the
// app layer loads and stores them.
package domain
