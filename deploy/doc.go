// Package deploy holds simpeg's deployment files — the container files, docker-compose.yml at
// the repository root, the Kubernetes manifests, the NATS cluster and OpenTelemetry collector
// configurations — and the tests that keep them honest: every variable they set is one a
// binary reads, every address a binary needs in a container is set, every build names a main
// package that exists, and every service has a health check. No container engine is needed to
// run those tests. The httpprobe command is the health probe of the gateway and all-in-one
// images.
package deploy
