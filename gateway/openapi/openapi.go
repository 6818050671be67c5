// Package openapi embeds the OpenAPI (swagger 2.0) document that protoc-gen-openapiv2 generates
// from the protos into simpeg.swagger.json next to this file (`buf generate` rewrites it).
package openapi

import _ "embed"

// Document is the merged OpenAPI document of every service behind the gateway, as JSON.
//
//go:embed simpeg.swagger.json
var Document string
