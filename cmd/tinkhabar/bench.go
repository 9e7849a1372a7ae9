package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"text/tabwriter"

	"github.com/tinkhabar/tinkhabar/pipeline/extractor"
	"github.com/tinkhabar/tinkhabar/pipeline/extractor/bench"
	"github.com/tinkhabar/tinkhabar/pkg/extract"
)

// benchCmd is `tinkhabar bench`: the bus's publish ceiling and the pipeline's end-to-end
// throughput, measured together on this machine.
type benchCmd struct {
	Articles int    `name:"articles" short:"n" default:"100000" placeholder:"N" help:"Backlog size: articles published with nothing consuming (the publish ceiling), then drained by the extractor (peak memory, pauses). Default 100000."`
	Live     int    `name:"live" placeholder:"N" help:"Articles published while the extractor runs (end to end; default: --articles)."`
	Engine   string `name:"engine" enum:"real,synthetic" default:"real" help:"The extractor: real (the engine) or synthetic (one event per sentence with a digit, to load the bus with events)."`
	Workers  int    `name:"workers" default:"0" help:"Extraction workers (0: one per CPU)."`
	Dir      string `name:"dir" placeholder:"DIR" help:"Where the temporary stores go (default: the system's temporary directory); removed afterwards."`
	Separate bool   `name:"separate" default:"true" negatable:"" help:"Also drain the backlog with the extractor in a process of its own (this binary's run), to measure its memory apart from the server's."`
}

func (c *benchCmd) Run(g *globals) error {
	var ext extractor.Extractor = bench.DigitSentences{}
	if c.Engine == "real" {
		eng, err := extract.New()
		if err != nil {
			return fmt.Errorf("building the extraction engine: %w", err)
		}
		ext = eng
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg := bench.Config{Backlog: c.Articles, Live: c.Live, Extractor: ext, Workers: c.Workers, DataDir: c.Dir, Logger: g.Logger}
	if c.Separate && c.Engine == "real" {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("finding this program to run the extractor apart: %w", err)
		}
		cfg.Executable = exe
	}
	res, err := bench.Run(ctx, cfg)
	if err != nil {
		return err
	}
	live := c.Live
	if live <= 0 {
		live = c.Articles
	}
	printBench(os.Stdout, c.Articles, live, res)
	return nil
}

func printBench(w io.Writer, backlog, live int, r bench.Result) {
	fmt.Fprintf(w, "tinkhabar bench: %s CPUs, extractor %s, articles of %s bytes (JSON), embedded NATS in process\n\n",
		groupThousands(int64(runtime.GOMAXPROCS(0))), r.ExtractorVersion, groupThousands(int64(r.ArticleBytes)))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "JetStream publish ceiling (async, %s articles into ARTICLES)\t%s articles/s\n", groupThousands(int64(backlog)), groupThousands(int64(r.PublishCeiling)))
	fmt.Fprintf(tw, "End to end (%s articles: publish → extract → events acked)\t%s articles/s\n", groupThousands(int64(live)), groupThousands(int64(r.EndToEnd)))
	fmt.Fprintf(tw, "Ratio end to end / publish ceiling\t%.2f\n", r.Ratio)
	fmt.Fprintf(tw, "Events stored per article\t%.2f\n", r.EventsPerArticle)
	fmt.Fprintf(tw, "Backlog drain (%s articles)\t%s articles/s\n", groupThousands(int64(backlog)), groupThousands(int64(r.Drain)))
	fmt.Fprintf(tw, "Peak RSS while the backlog drained (server and extractor)\t%s (%s before, %s after)\n", byteSize(uint64(r.PeakRSS)), byteSize(uint64(r.RSSBefore)), byteSize(uint64(r.RSSAfter)))
	fmt.Fprintf(tw, "Live heap before and after the drain\t%s → %s\n", byteSize(uint64(r.HeapBefore)), byteSize(uint64(r.HeapAfter)))
	fmt.Fprintf(tw, "Longest pause between deliveries while draining\t%v (%d stalls seen)\n", r.MaxGap.Round(1e6), r.Stalls)
	if s := r.Separate; s != nil {
		fmt.Fprintf(tw, "Backlog drain, extractor in its own process\t%s articles/s\n", groupThousands(int64(s.Drain)))
		fmt.Fprintf(tw, "Extractor process RSS at 10 / 50 / 90 %% of the backlog\t%s / %s / %s\n", byteSize(uint64(s.RSS10)), byteSize(uint64(s.RSS50)), byteSize(uint64(s.RSS90)))
		fmt.Fprintf(tw, "Extractor process peak RSS\t%s\n", byteSize(uint64(s.PeakRSS)))
	}
	tw.Flush()
}
