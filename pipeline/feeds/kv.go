package feeds

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/schedule"
	"github.com/tinkhabar/tinkhabar/pkg/fetch"
)

// ValidatorBucket is the default bucket of conditional-GET validators.
const ValidatorBucket = "http_validators"

// KVValidators is a fetch.ValidatorStore in a JetStream key-value bucket, so that a 304 costs
// nothing and survives restarts and moves between machines. Keys are digests of the URL.
type KVValidators struct{ kv jetstream.KeyValue }

// NewKVValidators creates (or opens) the bucket.
func NewKVValidators(ctx context.Context, js jetstream.JetStream, bucket string) (*KVValidators, error) {
	kv, err := bus.EnsureKV(ctx, js, bus.KVConfig{Bucket: bucket, Description: "tinkhabar: ETag and Last-Modified per URL"})
	if err != nil {
		return nil, err
	}
	return &KVValidators{kv: kv}, nil
}

// Get implements fetch.ValidatorStore.
func (s *KVValidators) Get(ctx context.Context, url string) (fetch.Validators, bool, error) {
	e, err := s.kv.Get(ctx, schedule.Key(url))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return fetch.Validators{}, false, nil
	}
	if err != nil {
		return fetch.Validators{}, false, err
	}
	var v fetch.Validators
	if err := json.Unmarshal(e.Value(), &v); err != nil {
		return fetch.Validators{}, false, fmt.Errorf("validators of %s: %w", url, err)
	}
	return v, true, nil
}

// Put implements fetch.ValidatorStore.
func (s *KVValidators) Put(ctx context.Context, url string, v fetch.Validators) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.kv.Put(ctx, schedule.Key(url), b)
	return err
}

// health is a feed's record of consecutive failures, for the per-source backoff.
type feedHealth struct {
	Failures int       `json:"failures"`
	Next     time.Time `json:"next"`
	Error    string    `json:"error,omitempty"`
}
