// Package idempotency makes creating calls safe to retry. A call carrying an Idempotency-Key
// (gRPC metadata "idempotency-key", the REST header of the same name) claims the key for its
// caller and method before it runs; its answer is stored and every retry with the same key
// and the same request gets that first answer. The same key with a different request is
// refused (reason IDEMPOTENCY_KEY_REUSED, HTTP 422); a retry that arrives while the first call
// still runs waits for its answer, and if that takes too long is told to retry
// (IDEMPOTENCY_KEY_IN_PROGRESS, HTTP 409). Failed calls release the key, so a corrected
// request may reuse it. A request whose validate_only field is set (AIP-163) changes nothing and
// claims no key.
//
// A claim is a lease (see Claim): renewed while the call runs, taken over by a retry a few
// seconds after its owner died or its failed call could not release it. A request is never
// run twice: the call's business transaction marks the claim committed if, and only if, the
// call still owns it (Claim.Mark, from platform/unitofwork), so either the first call's change
// commits and the claim can no longer be taken over — a retry is told the request was applied
// (IDEMPOTENCY_KEY_APPLIED, HTTP 409) if its answer was lost — or the takeover comes first and
// the first call's transaction rolls back.
package idempotency

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
)

// MetadataKey is the gRPC metadata key carrying the idempotency key.
const MetadataKey = "idempotency-key"

const (
	stateRunning = 0
	stateDone    = 1
	// stateCommitted: the call's change committed (Claim.Mark); its answer is not stored yet.
	stateCommitted = 2
	// maxKeyLen bounds the key a client may send.
	maxKeyLen = 200
	// Retention is how long answers are kept for retries.
	Retention = 24 * time.Hour
	// waitFor is how long a retry waits for a running first call before giving up.
	waitFor = 10 * time.Second
)

// Interceptor returns the unary interceptor for methods (full method names). Calls to other
// methods, or without a key, pass straight through.
func Interceptor(db *database.DB, methods []string) grpc.UnaryServerInterceptor {
	set := make(map[string]bool, len(methods))
	for _, m := range methods {
		set[m] = true
	}
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if !set[info.FullMethod] {
			return handler(ctx, req)
		}
		md, _ := metadata.FromIncomingContext(ctx)
		keys := md.Get(MetadataKey)
		if len(keys) == 0 || keys[0] == "" {
			return handler(ctx, req)
		}
		key := keys[0]
		if len(key) > maxKeyLen {
			return nil, errs.Invalidf("idempotency_key", "must be at most %d characters", maxKeyLen)
		}
		msg, ok := req.(proto.Message)
		if !ok || validateOnly(msg) {
			return handler(ctx, req)
		}
		g, _ := auth.GrantFrom(ctx)
		k := claimKey{actor: g.Subject, method: info.FullMethod, key: key}
		raw, err := proto.MarshalOptions{Deterministic: true}.Marshal(msg)
		if err != nil {
			return nil, fmt.Errorf("hashing request: %w", err)
		}
		sum := sha256.Sum256(raw)
		hash := hex.EncodeToString(sum[:])
		return run(ctx, db, k, hash, info.FullMethod, func(ctx context.Context) (any, error) { return handler(ctx, req) })
	}
}

// validateOnly reports whether msg asks only to be checked (AIP-163: a bool field
// validate_only set true). Such a call changes nothing, so it claims no key and stores no
// answer: the real request may follow with the same key.
func validateOnly(msg proto.Message) bool {
	m := msg.ProtoReflect()
	f := m.Descriptor().Fields().ByName("validate_only")
	return f != nil && f.Kind() == protoreflect.BoolKind && f.Cardinality() != protoreflect.Repeated && m.Get(f).Bool()
}

type claimKey struct{ actor, method, key string }

func run(ctx context.Context, db *database.DB, k claimKey, hash, method string, call func(context.Context) (any, error)) (any, error) {
	deadline := time.Now().Add(waitFor)
	delay := 5 * time.Millisecond
	for {
		c := &Claim{db: db, actor: k.actor, method: k.method, key: k.key, owner: newOwner()}
		claimed, stored, err := claim(ctx, db, k, hash, c.owner)
		if err != nil {
			return nil, err
		}
		if claimed {
			stop := c.renew()
			resp, err := call(withClaim(ctx, c))
			stop()
			if err != nil {
				c.release()
				return nil, err
			}
			if err := complete(ctx, c, resp); err != nil {
				return nil, err
			}
			return resp, nil
		}
		if stored != nil {
			return replay(method, stored)
		}
		if time.Now().After(deadline) {
			return nil, errs.New(errs.AlreadyExists, "a request with this Idempotency-Key is still being processed; retry later").WithReason("IDEMPOTENCY_KEY_IN_PROGRESS")
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(delay):
		}
		delay = min(2*delay, 200*time.Millisecond)
	}
}

// claim inserts the key as running, owned by owner with a fresh lease. It returns
// claimed=true if this call owns it now, or the stored answer of a finished first call, or
// neither while the first call still runs (or has committed and is storing its answer).
func claim(ctx context.Context, db *database.DB, k claimKey, hash, owner string) (claimed bool, stored []byte, err error) {
	now := time.Now()
	res, err := db.ExecContext(ctx, `INSERT INTO idempotency_keys (actor, method, key, request_hash, state, created_at, owner, lease_until)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`, k.actor, k.method, k.key, hash, stateRunning, database.Micros(now),
		owner, database.Micros(now.Add(lease)))
	if err != nil {
		return false, nil, fmt.Errorf("claiming idempotency key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return true, nil, nil
	}
	var (
		gotHash, oldOwner string
		state             int
		response          []byte
		created, leased   int64
	)
	err = db.QueryRowContext(ctx, `SELECT request_hash, state, response, created_at, owner, lease_until FROM idempotency_keys
		WHERE actor = $1 AND method = $2 AND key = $3`, k.actor, k.method, k.key).Scan(&gotHash, &state, &response, &created, &oldOwner, &leased)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil, nil // released meanwhile; try again
	}
	if err != nil {
		return false, nil, fmt.Errorf("reading idempotency key: %w", err)
	}
	age := now.Sub(database.FromMicros(created))
	if gotHash != hash && age < Retention {
		return false, nil, errs.New(errs.Invalid, "this Idempotency-Key was already used with a different request; use a new key for a new request").WithReason("IDEMPOTENCY_KEY_REUSED")
	}
	lapsed := now.After(database.FromMicros(leased))
	switch {
	case age >= Retention, state == stateRunning && lapsed:
		// Expired, or its owner died or could not release it: take it over — only if it is
		// still the same running claim (a Mark of the old owner makes it committed instead).
		res, err := db.ExecContext(ctx, `UPDATE idempotency_keys SET request_hash = $1, state = $2, response = NULL, created_at = $3,
				owner = $4, lease_until = $5
			WHERE actor = $6 AND method = $7 AND key = $8 AND created_at = $9 AND owner = $10 AND state = $11`,
			hash, stateRunning, database.Micros(now), owner, database.Micros(now.Add(lease)), k.actor, k.method, k.key, created, oldOwner, state)
		if err != nil {
			return false, nil, fmt.Errorf("taking over idempotency key: %w", err)
		}
		n, _ := res.RowsAffected()
		return n == 1, nil, nil
	case state == stateCommitted && lapsed:
		// The first call's change committed, then its process died before storing the answer:
		// running the request again would apply it twice.
		return false, nil, errs.New(errs.AlreadyExists, "the request with this Idempotency-Key was applied, but its answer was lost; read the resource to see the change").WithReason("IDEMPOTENCY_KEY_APPLIED")
	case state == stateDone:
		if response == nil {
			// An answer that encodes to no bytes (an empty message) reads back as NULL or nil on
			// some engines; it is still an answer, not "still running".
			response = []byte{}
		}
		return false, response, nil
	}
	return false, nil, nil
}

func complete(ctx context.Context, c *Claim, resp any) error {
	m, ok := resp.(proto.Message)
	if !ok {
		return fmt.Errorf("storing idempotent answer: %T is not a proto message", resp)
	}
	raw, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		return fmt.Errorf("encoding idempotent answer: %w", err)
	}
	// The change itself is committed (and the claim marked so); if storing its answer fails, a
	// retry is told the request was applied, never runs it again.
	if _, err := c.db.ExecContext(context.WithoutCancel(ctx), `UPDATE idempotency_keys SET state = $1, response = $2
		WHERE actor = $3 AND method = $4 AND key = $5 AND owner = $6`, stateDone, raw, c.actor, c.method, c.key, c.owner); err != nil {
		return fmt.Errorf("storing idempotent answer: %w", err)
	}
	return nil
}

func replay(method string, raw []byte) (any, error) {
	mt, err := responseType(method)
	if err != nil {
		return nil, err
	}
	m := mt.New().Interface()
	if err := proto.Unmarshal(raw, m); err != nil {
		return nil, fmt.Errorf("decoding idempotent answer: %w", err)
	}
	return m, nil
}

// responseType finds the response message of a full method name "/pkg.Service/Method".
func responseType(method string) (protoreflect.MessageType, error) {
	if len(method) < 2 || method[0] != '/' {
		return nil, fmt.Errorf("bad method name %q", method)
	}
	svc, name := method[1:], ""
	for i := len(svc) - 1; i >= 0; i-- {
		if svc[i] == '/' {
			svc, name = svc[:i], svc[i+1:]
			break
		}
	}
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(svc))
	if err != nil {
		return nil, fmt.Errorf("finding service %s: %w", svc, err)
	}
	sd, ok := d.(protoreflect.ServiceDescriptor)
	if !ok {
		return nil, fmt.Errorf("%s is not a service", svc)
	}
	md := sd.Methods().ByName(protoreflect.Name(name))
	if md == nil {
		return nil, fmt.Errorf("service %s has no method %s", svc, name)
	}
	return protoregistry.GlobalTypes.FindMessageByName(md.Output().FullName())
}

// Cleanup deletes answers older than Retention.
func Cleanup(ctx context.Context, db *database.DB) error {
	_, err := db.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at < $1`, database.Micros(time.Now().Add(-Retention)))
	if err != nil {
		return fmt.Errorf("deleting old idempotency keys: %w", err)
	}
	return nil
}
