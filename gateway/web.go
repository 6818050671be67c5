package gateway

import (
	"encoding/json"
	"net/http"
	"path"
	"strings"

	"google.golang.org/grpc/codes"
)

// reservedPath reports whether p belongs to the gateway's own endpoints, never to the portal's
// client-side routes: the API, the sign-in, the docs, the OpenAPI document and the probes.
func reservedPath(p string) bool {
	for _, prefix := range []string{"/v1/", authPrefix, docsDirPath, routeHealthz + "/"} {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	switch p {
	case "/v1", "/auth", routeDocs, routeOpenAPI, routeHealthz, routeReadyz:
		return true
	}
	return false
}

// servePortal answers a request for the portal, reporting whether it did: an embedded file at
// its path, index.html at / and at any other GET path without a file extension (the portal's
// client-side routes, e.g. /cuti), and 404 for an unknown file. With the portal off only Swagger
// UI's files, which the docs page needs, are served. Other requests are the API's.
func (g *Gateway) servePortal(w *recorder, r *http.Request) bool {
	p := r.URL.Path
	if !g.cfg.Portal {
		if !strings.HasPrefix(p, docsVendorPrefix) || !g.portal.Has(p) {
			return false
		}
	} else if reservedPath(p) {
		return false
	}
	file := p
	if p == "/" {
		file = "/index.html"
	}
	get := r.Method == http.MethodGet || r.Method == http.MethodHead
	switch {
	case g.portal.Has(file):
	case !get:
		return false // the API says no route (404) or no such method (405)
	case path.Ext(p) == "" && g.portal.HasIndex():
		file = "/index.html"
	default:
		w.route = routePortal
		g.portal.SetSecurityHeaders(w.Header())
		writeStatus(w, http.StatusNotFound, codes.NotFound, "no portal file at "+p)
		return true
	}
	w.route = routePortal
	if !allowGet(w, r) {
		return true
	}
	if file == "/index.html" {
		g.servePage(w, r)
		return true
	}
	_ = g.portal.Serve(w, r, file) // the file exists: checked above
	return true
}

// servePage answers the portal's page with the session in it (portal.ServePage), so the first
// load needs no second request to learn who is signed in. When the session cannot be told (its
// token expired and the provider is down), the page goes without it and asks /auth/session.
func (g *Gateway) servePage(w *recorder, r *http.Request) {
	var session []byte
	if g.signIn != nil {
		if info, err := g.currentSession(w, r); err == nil {
			session, _ = json.Marshal(info) // a struct of strings: cannot fail
		}
	}
	g.portal.ServePage(w, r, session)
}
