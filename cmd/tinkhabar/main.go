// Command tinkhabar watches Persian and Vietnamese telecom and ICT policy news and turns it
// into structured events. main only wires: each subcommand lives in its own file.
package main

import (
	"log/slog"
	"os"
	"strings"

	"github.com/alecthomas/kong"
)

// cli is the command line. Each subcommand is a struct with a Run method in its own file.
type cli struct {
	LogLevel  slog.Level `name:"log-level" default:"info" help:"Log level: debug, info, warn, error." env:"TINKHABAR_LOG_LEVEL"`
	LogFormat string     `name:"log-format" default:"text" enum:"text,json" help:"Log format on stderr: text or json."`

	Extract extractCmd `cmd:"" help:"Extract events from articles (JSON Lines in, event data JSON Lines out)."`
	Eval    evalCmd    `cmd:"" help:"Score the extractor against a gold corpus (spec/corpus.md)."`
	Run     runCmd     `cmd:"" help:"Run every stage in one process (embedded NATS by default)."`
	Publish publishCmd `cmd:"" help:"Publish articles (JSON Lines) into ARTICLES."`
	Tail    tailCmd    `cmd:"" help:"Print live events."`
	Streams streamsCmd `cmd:"" help:"Show streams, consumer lag and dead letters."`
	Scrape  scrapeCmd  `cmd:"" help:"Scrape one page (file or URL) and print the article the page worker would publish."`
	Sources sourcesCmd `cmd:"" help:"Validate and check the configured sources."`
	Demo    demoCmd    `cmd:"" help:"Run the whole pipeline on the bundled sample site and print the events."`
	Bench   benchCmd   `cmd:"" help:"Measure the JetStream publish ceiling and end-to-end throughput on this machine."`
	Replay  replayCmd  `cmd:"" help:"Stream archived events of a period, or re-extract archived articles (--reextract)."`
	Export  exportCmd  `cmd:"" help:"Export archived articles or events as JSON Lines or Parquet."`
	Import  importCmd  `cmd:"" help:"Load an exported articles file into ARTICLES."`
	Serve   serveCmd   `cmd:"" help:"Serve the HTTP API, live stream, metrics and web page."`
}

// globals is what every subcommand's Run receives.
type globals struct {
	Logger *slog.Logger
	// Level is the --log-level asked for; LevelSet whether it was given explicitly.
	Level    slog.Level
	LevelSet bool
}

func main() {
	var c cli
	ctx := kong.Parse(&c,
		kong.Name("tinkhabar"),
		kong.Description("Persian and Vietnamese telecom/ICT policy news → structured events."),
		kong.UsageOnError(),
	)
	g := &globals{Logger: newLogger(c.LogLevel, c.LogFormat), Level: c.LogLevel, LevelSet: levelGiven()}
	ctx.FatalIfErrorf(ctx.Run(g))
}

// levelGiven reports whether the log level was set on the command line or in the environment.
func levelGiven() bool {
	if os.Getenv("TINKHABAR_LOG_LEVEL") != "" {
		return true
	}
	for _, a := range os.Args[1:] {
		if a == "--log-level" || strings.HasPrefix(a, "--log-level=") {
			return true
		}
	}
	return false
}

func newLogger(level slog.Level, format string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}
