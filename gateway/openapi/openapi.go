// Package openapi embeds the OpenAPI (swagger 2.0) document that protoc-gen-openapiv2 generates
// from the protos into simpeg.swagger.json next to this file (`buf generate` rewrites it).
package openapi

import (
	_ "embed"
	"strings"
)

//go:embed simpeg.swagger.json
var generated string

// Document is the merged OpenAPI document of every service behind the gateway, as JSON. Its
// paths are expanded from the resource names (expand_slashed_path_patterns in buf.gen.yaml:
// /v1/employees/{employee}, not /v1/{name}); a path parameter the generator named by cutting
// the "s" off an irregular plural ("agencies" → "agencie") is given its singular.
var Document = irregularPlurals.Replace(generated)

// irregularPlurals renames the path parameters of collections whose singular is not the plural
// without its "s", where they appear: in the path and as the parameter's name.
var irregularPlurals = strings.NewReplacer(
	`{agencie}`, `{agency}`,
	`"name": "agencie"`, `"name": "agency"`,
)
