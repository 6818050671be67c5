package gateway

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// reasonStatus maps google.rpc.ErrorInfo reasons to the HTTP status that says more than the
// gRPC code does.
var reasonStatus = map[string]int{
	"ETAG_MISMATCH":               http.StatusPreconditionFailed,  // FAILED_PRECONDITION or ABORTED
	"IDEMPOTENCY_KEY_REUSED":      http.StatusUnprocessableEntity, // same key, different request
	"IDEMPOTENCY_KEY_IN_PROGRESS": http.StatusConflict,            // the first request still runs
}

// defaultRetryAfter is the Retry-After of a 503 whose status carries no google.rpc.RetryInfo:
// one second, the delay the services' own database failures ask for
// (grpcserver.UnavailableRetryDelay).
const defaultRetryAfter = "1"

// statusJSON writes google.rpc.Status as JSON: {"code":3,"message":"...","details":[...]}.
var statusJSON = protojson.MarshalOptions{}

// handleError is the grpc-gateway error handler. It answers with the google.rpc.Status as JSON,
// details included, and the HTTP status from the gRPC code, refined by an ErrorInfo reason.
func (g *Gateway) handleError(ctx context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
	if bodyExceeded(r) {
		// grpc-gateway reports the failed read as InvalidArgument; the truth is 413.
		g.writeTooLarge(w)
		return
	}
	httpStatus := 0
	var hse *runtime.HTTPStatusError
	if errors.As(err, &hse) {
		httpStatus, err = hse.HTTPStatus, hse.Err
	}
	st, ok := status.FromError(err)
	if !ok {
		switch {
		case httpStatus != 0:
			st = status.New(codeForHTTP(httpStatus), err.Error())
		default:
			st = status.FromContextError(err)
		}
	}
	sp := st.Proto()
	if st.Code() == codes.Unavailable {
		// The message of a failed connection names internal addresses: log it, do not show it.
		method, _ := runtime.RPCMethod(ctx)
		g.log.WarnContext(ctx, "service unavailable", "rpc", method, "err", st.Message())
		sp.Message = "the service is unavailable; try again later"
	}
	if httpStatus == 0 {
		httpStatus = httpStatusFor(sp)
	}

	h := w.Header()
	h.Del("Trailer")
	h.Del("Transfer-Encoding")
	if md, ok := runtime.ServerMetadataFromContext(ctx); ok {
		for k, vs := range md.HeaderMD {
			if name, ok := outgoingHeader(k); ok {
				for _, v := range vs {
					h.Add(name, v)
				}
			}
		}
	}
	switch st.Code() {
	case codes.Unauthenticated:
		h.Set("WWW-Authenticate", `Bearer realm="simpeg"`)
	case codes.ResourceExhausted, codes.Unavailable:
		if s := retryAfter(sp); s != "" {
			h.Set("Retry-After", s)
		} else if httpStatus == http.StatusServiceUnavailable {
			// An upstream the gateway cannot reach says nothing of when to retry; every 503
			// still tells the client (RFC 9110 §10.2.3) to come back soon rather than give up.
			h.Set("Retry-After", defaultRetryAfter)
		}
	}
	writeProto(w, httpStatus, sp)
}

// handleRoutingError answers requests no route matches: 404, 405 or 400, as JSON.
func handleRoutingError(_ context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, httpStatus int) {
	switch httpStatus {
	case http.StatusNotFound:
		writeStatus(w, httpStatus, codes.NotFound, "no API route for "+r.URL.Path)
	case http.StatusMethodNotAllowed:
		writeStatus(w, httpStatus, codes.Unimplemented, "method "+r.Method+" not allowed on "+r.URL.Path)
	default:
		writeStatus(w, httpStatus, codeForHTTP(httpStatus), http.StatusText(httpStatus))
	}
}

// httpStatusFor maps a status to its HTTP status: the ErrorInfo reason first, then the code.
func httpStatusFor(st *spb.Status) int {
	for _, d := range st.GetDetails() {
		if d.MessageName() != "google.rpc.ErrorInfo" {
			continue
		}
		var info errdetails.ErrorInfo
		if err := d.UnmarshalTo(&info); err == nil {
			if s, ok := reasonStatus[info.GetReason()]; ok {
				return s
			}
		}
	}
	if codes.Code(st.GetCode()) == codes.ResourceExhausted {
		return http.StatusTooManyRequests
	}
	return runtime.HTTPStatusFromCode(codes.Code(st.GetCode()))
}

// codeForHTTP is the gRPC code reported in the body of an error that had only an HTTP status.
func codeForHTTP(httpStatus int) codes.Code {
	switch httpStatus {
	case http.StatusBadRequest:
		return codes.InvalidArgument
	case http.StatusNotFound:
		return codes.NotFound
	case http.StatusMethodNotAllowed, http.StatusNotImplemented:
		return codes.Unimplemented
	case http.StatusRequestEntityTooLarge:
		return codes.ResourceExhausted
	}
	return codes.Unknown
}

// retryAfter turns a google.rpc.RetryInfo detail into a Retry-After value in whole seconds.
func retryAfter(st *spb.Status) string {
	for _, d := range st.GetDetails() {
		if d.MessageName() != "google.rpc.RetryInfo" {
			continue
		}
		var info errdetails.RetryInfo
		if err := d.UnmarshalTo(&info); err == nil && info.GetRetryDelay() != nil {
			return strconv.Itoa(int(math.Ceil(info.GetRetryDelay().AsDuration().Seconds())))
		}
	}
	return ""
}

// writeStatus writes a google.rpc.Status without details.
func writeStatus(w http.ResponseWriter, httpStatus int, code codes.Code, msg string) {
	writeProto(w, httpStatus, &spb.Status{Code: int32(code), Message: msg})
}

// writeProto writes st as JSON. A detail whose type the gateway does not know cannot be
// written as JSON; then the details are left out rather than the whole error.
func writeProto(w http.ResponseWriter, httpStatus int, st *spb.Status) {
	body, err := statusJSON.Marshal(st)
	if err != nil {
		lean := proto.CloneOf(st)
		lean.Details = nil
		if body, err = statusJSON.Marshal(lean); err != nil {
			body = []byte(`{"code":13,"message":"error not representable as JSON"}`)
			httpStatus = http.StatusInternalServerError
		}
	}
	writeJSON(w, httpStatus, body)
}

func writeJSON(w http.ResponseWriter, httpStatus int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(httpStatus)
	_, _ = w.Write(body) // an error means the client has gone
}

// tooLargeBody is the JSON status answered to a body over the limit.
func tooLargeBody(limit int64) ([]byte, error) {
	body, err := statusJSON.Marshal(&spb.Status{
		Code:    int32(codes.ResourceExhausted),
		Message: fmt.Sprintf("request body exceeds the limit of %d bytes", limit),
	})
	if err != nil {
		return nil, fmt.Errorf("marshalling the body-too-large status: %w", err)
	}
	return body, nil
}

// writeTooLarge answers 413 and closes the connection: the rest of the body is not read.
func (g *Gateway) writeTooLarge(w http.ResponseWriter) {
	w.Header().Set("Connection", "close")
	writeJSON(w, http.StatusRequestEntityTooLarge, g.tooLarge)
}
