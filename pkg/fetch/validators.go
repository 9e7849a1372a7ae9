package fetch

import (
	"context"
	"sync"
)

// Validators are the cache validators a server sent with a URL's last 200 response.
type Validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// Empty reports whether there is nothing to send back.
func (v Validators) Empty() bool { return v.ETag == "" && v.LastModified == "" }

// ValidatorStore keeps validators per URL so that a conditional GET survives restarts. Get
// returns ok=false (and no error) for an unknown URL. Implementations must be safe for
// concurrent use; pipeline/ backs it with a JetStream key-value bucket.
type ValidatorStore interface {
	Get(ctx context.Context, url string) (v Validators, ok bool, err error)
	Put(ctx context.Context, url string, v Validators) error
}

// MemValidators is an in-memory ValidatorStore, for tests and one-shot commands.
type MemValidators struct {
	mu sync.Mutex
	m  map[string]Validators
}

// Get implements ValidatorStore.
func (s *MemValidators) Get(_ context.Context, url string) (Validators, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[url]
	return v, ok, nil
}

// Put implements ValidatorStore.
func (s *MemValidators) Put(_ context.Context, url string, v Validators) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[string]Validators)
	}
	s.m[url] = v
	return nil
}
