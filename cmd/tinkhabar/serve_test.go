package main

import (
	"errors"
	"testing"

	"github.com/tinkhabar/tinkhabar/pipeline/serve"
)

func TestServeFlags(t *testing.T) {
	token := "0123456789abcdef0123"
	tests := []struct {
		name    string
		flags   httpFlags
		want    string // address
		wantErr error
	}{
		{"defaults", httpFlags{}, serve.DefaultAddr, nil},
		{"another loopback port", httpFlags{HTTP: "127.0.0.1:9090"}, "127.0.0.1:9090", nil},
		{"all interfaces without a token", httpFlags{HTTP: "0.0.0.0:8080"}, "", serve.ErrTokenRequired},
		{"all interfaces with a token", httpFlags{HTTP: "0.0.0.0:8080", HTTPToken: token}, "0.0.0.0:8080", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := tt.flags.serveConfig(serve.DefaultConfig())
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if err == nil && (cfg.Addr != tt.want || cfg.Token != tt.flags.HTTPToken) {
				t.Errorf("addr %q token set %v", cfg.Addr, cfg.Token != "")
			}
		})
	}
	base := serve.DefaultConfig()
	base.MaxEvents = 7
	cfg, err := (&httpFlags{}).serveConfig(base)
	if err != nil || cfg.MaxEvents != 7 {
		t.Errorf("unset flags changed the base: %+v %v", cfg.Redacted(), err)
	}
}

func TestServeLoadsBundledSources(t *testing.T) {
	srcs, err := (&serveCmd{}).loadSources()
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) < 10 {
		t.Errorf("%d bundled sources", len(srcs))
	}
}
