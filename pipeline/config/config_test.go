package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tinkhabar/tinkhabar/pipeline/config"
)

// The shipped configs/tinkhabar.yaml documents the defaults: it must say exactly what Default
// says, so neither can drift from the other.
func TestShippedFileIsTheDefaults(t *testing.T) {
	c, err := config.Load("../../configs/tinkhabar.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(config.Default(), c); diff != "" {
		t.Errorf("configs/tinkhabar.yaml differs from config.Default() (-default +file):\n%s", diff)
	}
}

func TestParseOverridesOnlyWhatItSays(t *testing.T) {
	c, err := config.Parse(strings.NewReader(`
nats:
  url: nats://a:4222,nats://b:4222
bus:
  prefix: acme
  events:
    replicas: 3
extractor:
  workers: 8
  backoff: [100ms]
`))
	if err != nil {
		t.Fatal(err)
	}
	want := config.Default()
	want.NATS.URL = "nats://a:4222,nats://b:4222"
	want.Bus.Prefix = "acme"
	want.Bus.Events.Replicas = 3
	want.Extractor.Workers = 8
	want.Extractor.Backoff = []time.Duration{100 * time.Millisecond}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseEmptyIsDefault(t *testing.T) {
	c, err := config.Parse(strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(config.Default(), c); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseRejects(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"unknown key", "bus:\n  prefx: a\n", "prefx"},
		{"unknown section", "extractr:\n  workers: 1\n", "extractr"},
		{"bad duration", "extractor:\n  pull_expiry: soon\n", "line 2: cannot unmarshal !!str `soon` into time.Duration"},
		{"duration as number", "extractor:\n  ack_wait: 30\n", "line 2: cannot unmarshal !!int `30` into time.Duration"},
		{"invalid value", "extractor:\n  max_deliver: 0\n", "max_deliver"},
		{"bad replicas", "bus:\n  dead:\n    replicas: 2\n", "replicas"},
		{"bad prefix", "bus:\n  prefix: 'a.>'\n", "prefix"},
		{"no store", "nats:\n  data: ''\n", "data"},
		{"token without url", "nats:\n  token: x\n", "url"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse(strings.NewReader(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

func TestYAMLRoundTripsAndHidesSecrets(t *testing.T) {
	c := config.Default()
	c.NATS.URL = "nats://user:hunter2@a:4222"
	c.NATS.Token = ""
	c.Extractor.Backoff = []time.Duration{time.Second, time.Minute}
	out, err := c.YAML()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "hunter2") {
		t.Errorf("printed config shows a password:\n%s", out)
	}
	back, err := config.Parse(strings.NewReader(string(out)))
	if err != nil {
		t.Fatalf("printed config does not parse: %v\n%s", err, out)
	}
	c.NATS.URL = back.NATS.URL // the one redacted field
	if diff := cmp.Diff(c, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}

	c = config.Default()
	c.NATS.URL = "nats://a:4222"
	c.NATS.Token = "s3cret-token"
	out, err = c.YAML()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "s3cret-token") {
		t.Errorf("printed config shows the token:\n%s", out)
	}
}
