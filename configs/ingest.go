// Package configs holds the default configuration files, embedded so that the binary runs
// anywhere: the site rules (sites/*.yaml) and the real sources (sources.yaml).
package configs

import "embed"

// Sites holds sites/*.yaml, the scraper's rule files, one per platform family.
//
//go:embed sites/*.yaml
var Sites embed.FS

// Sources is sources.yaml, the real Persian and Vietnamese sources.
//
//go:embed sources.yaml
var Sources []byte
