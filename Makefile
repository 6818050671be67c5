# simpeg — developer tasks. Go is the only requirement; tools are pinned Go modules built into .bin/.
#
#   make run        run the whole suite on embedded defaults (same as go run ./cmd/simpeg)
#   make test       run every module's tests (PostgreSQL and NATS are used when they answer)
#   make generate   regenerate Go code and the OpenAPI document from the protos
#   make lint       buf lint + buf format + gofmt + go vet
#   make check      what CI checks besides the tests: generated code current, lint clean,
#                   every module builds on its own (GOWORK=off)
#   make web        copy the front-end libraries the portal serves out of web/'s npm lockfile
#                   (the portal's only build step; its output is committed)
#   make faults     the fault suite (cmd/simpeg TestFault*) with the full-length scenarios
#                   (SIMPEG_FAULTS_FULL=1); make test runs the shortened ones

SHELL   := /bin/bash
MODULES := $(shell go list -m -f '{{.Dir}}')
BIN     := $(CURDIR)/.bin

.PHONY: run test generate lint check tools build-each bench fuzz faults web web-check

run:
	go run ./cmd/simpeg

test:
	./.ci/test

$(BIN)/buf: tools/buf/go.mod tools/buf/go.sum
	cd tools/buf && GOWORK=off go build -o $(BIN)/ github.com/bufbuild/buf/cmd/buf

$(BIN)/protoc-gen-go: tools/protoc/go.mod tools/protoc/go.sum
	cd tools/protoc && GOWORK=off go build -o $(BIN)/ \
		google.golang.org/protobuf/cmd/protoc-gen-go \
		google.golang.org/grpc/cmd/protoc-gen-go-grpc \
		github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-grpc-gateway \
		github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-openapiv2

tools: $(BIN)/buf $(BIN)/protoc-gen-go

generate: tools
	$(BIN)/buf generate

lint: tools
	$(BIN)/buf lint
	$(BIN)/buf format --diff --exit-code --path proto/simpeg
	@out=$$(gofmt -l $(MODULES)); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	@for m in $(MODULES); do (cd $$m && go vet ./...) || exit 1; done

build-each:
	@for m in $(MODULES); do echo "GOWORK=off go build $$m"; (cd $$m && GOWORK=off go build ./... && GOWORK=off go vet ./...) || exit 1; done

check: generate lint build-each web-check
	@if [ -n "$$(git status --porcelain -- proto/gen gateway/openapi)" ]; then \
		echo "generated code differs from the protos; run make generate and commit:"; \
		git status --porcelain -- proto/gen gateway/openapi; exit 1; fi

bench:
	./.ci/bench

fuzz:
	cd services/planning && go test -run=^$$ -fuzz=FuzzParse -fuzztime=30s ./nip/

faults:
	SIMPEG_FAULTS_FULL=1 ./.ci/test-faults

web:
	cd web && npm ci --ignore-scripts --no-audit --no-fund && node vendor.mjs

# web-check rebuilds the vendored front-end files from the lockfile in a scratch copy and fails
# when they differ from the committed ones.
web-check:
	./.ci/check-web
