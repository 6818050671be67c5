package auth

import (
	"fmt"
	"sync"
	"time"
)

// Renewing is a token the process issues itself (with the local Signer) and renews before it
// expires: the all-in-one binary's services calling each other carry one instead of a
// long-lived token. Token returns the current one and issues the next once half its lifetime
// has passed, so a call never carries a token about to expire.
type Renewing struct {
	signer *Signer
	p      Principal
	ttl    time.Duration
	now    func() time.Time

	mu      sync.Mutex
	token   string
	renewAt time.Time
}

// NewRenewing returns the token of p issued by signer for ttl at a time, issuing the first.
func NewRenewing(signer *Signer, p Principal, ttl time.Duration) (*Renewing, error) {
	r := &Renewing{signer: signer, p: p, ttl: ttl, now: time.Now}
	if _, err := r.Token(); err != nil {
		return nil, err
	}
	return r, nil
}

// Token returns a token valid for at least half of the lifetime it was issued with.
func (r *Renewing) Token() (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	if r.token != "" && now.Before(r.renewAt) {
		return r.token, nil
	}
	tok, err := r.signer.Issue(r.p, r.ttl)
	if err != nil {
		return "", fmt.Errorf("renewing the token of %s: %w", r.p.Subject, err)
	}
	r.token, r.renewAt = tok, now.Add(r.ttl/2)
	return tok, nil
}
