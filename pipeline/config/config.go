// Package config is tinkhabar's configuration file: typed, defaulted, validated at start-up,
// and printable. A file only needs the keys it changes; everything else keeps the defaults
// of Default. Unknown keys are errors, so a misspelt key never goes unnoticed.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"go.yaml.in/yaml/v3"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/extractor"
	"github.com/tinkhabar/tinkhabar/pipeline/serve"
	"github.com/tinkhabar/tinkhabar/pkg/fetch"
)

// Config is the whole configuration. Each stage's section is that stage's own Config type.
type Config struct {
	// NATS says which NATS to use: an external server or cluster (NATS.URL), or the embedded
	// server (no URL), and the embedded server's store and listen address.
	NATS NATS `yaml:"nats"`
	// Bus is the subject prefix and the streams.
	Bus bus.Config `yaml:"bus"`
	// Extractor is the extractor stage.
	Extractor extractor.Config `yaml:"extractor"`
	// Sources is the sources file of the feed and page workers; empty means the bundled
	// configs/sources.yaml.
	Sources string `yaml:"sources"`
	// Fetch is the polite HTTP client the feed and page workers share; zero fields take
	// fetch.DefaultConfig.
	Fetch fetch.Config `yaml:"fetch"`
	// Serve is the HTTP API, live stream, metrics and page.
	Serve serve.Config `yaml:"serve"`
}

// NATS is the connection part of the configuration.
type NATS struct {
	// The external server's URL and credentials; an empty URL means the embedded server.
	bus.ConnConfig `yaml:",inline"`
	// Data is the embedded server's JetStream store directory.
	Data string `yaml:"data"`
	// Listen is the embedded server's address for other processes; "" listens nowhere (only
	// this process can reach it).
	Listen string `yaml:"listen"`
}

// Default returns the built-in configuration: the embedded server with its store in ./data,
// listening on 127.0.0.1:4222, and the defaults of bus.DefaultConfig and
// extractor.DefaultConfig.
func Default() Config {
	return Config{
		NATS:      NATS{Data: "./data", Listen: bus.DefaultListen},
		Bus:       bus.DefaultConfig(),
		Extractor: extractor.DefaultConfig(),
		Fetch:     fetch.DefaultConfig,
		Serve:     serve.DefaultConfig(),
	}
}

// Load reads the file at path over the defaults and validates the result.
func Load(path string) (Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return Config{}, fmt.Errorf("reading config: %w", err)
	}
	defer f.Close()
	c, err := Parse(f)
	if err != nil {
		return Config{}, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

// Parse reads YAML over the defaults and validates the result. An empty document gives the
// defaults.
func Parse(r io.Reader) (Config, error) {
	c := Default()
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return Config{}, err
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Validate checks every section.
func (c *Config) Validate() error {
	if err := c.NATS.Validate(); err != nil {
		return err
	}
	if c.NATS.URL == "" && c.NATS.Data == "" {
		return errors.New("nats: data is empty: the embedded server needs a store directory")
	}
	if err := c.Bus.Validate(); err != nil {
		return fmt.Errorf("bus: %w", err)
	}
	if err := c.Serve.Validate(); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return c.Extractor.Validate()
}

// YAML returns the configuration as YAML with secrets redacted: what `tinkhabar run
// --print-config` prints, and a valid configuration file.
func (c Config) YAML() ([]byte, error) {
	c.NATS.ConnConfig = c.NATS.ConnConfig.Redacted()
	c.Serve = c.Serve.Redacted()
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, fmt.Errorf("encoding config: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encoding config: %w", err)
	}
	return buf.Bytes(), nil
}
