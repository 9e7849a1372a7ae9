// Command example subscribes to tinkhabar's events and prints each as one English line.
//
//	go run ./pkg/client/example -nats nats://127.0.0.1:4222 -type visit -lang fa
//	go run ./pkg/client/example -durable my-app -all     # remembers where it stopped
//
// `tinkhabar run` (or `tinkhabar demo --follow`) must be running with its NATS reachable.
// The NATS token, if any, is read from TINKHABAR_NATS_TOKEN.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pkg/client"
)

func main() {
	url := flag.String("nats", "nats://127.0.0.1:4222", "NATS server URL (comma-separated for a cluster)")
	creds := flag.String("creds", "", "NATS credentials file")
	types := flag.String("type", "", "event types, comma-separated (visit, project_count, agreement)")
	langs := flag.String("lang", "", "languages, comma-separated (fa, vi)")
	sources := flag.String("source", "", "sources, comma-separated (mehrnews, vnexpress, …)")
	places := flag.String("location", "", "location or party ids, comma-separated (ir/kerman, vn/gia-lai, org/vnpt)")
	durable := flag.String("durable", "", "durable consumer name: resume where the last run stopped")
	all := flag.Bool("all", false, "start with the first stored event (a new consumer only)")
	prefix := flag.String("prefix", "", "the deployment's subject prefix")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(*url, *creds, *prefix, filter(*types, *langs, *sources, *places, *durable, *all), log); err != nil {
		fmt.Fprintln(os.Stderr, "example:", err)
		os.Exit(1)
	}
}

func filter(types, langs, sources, places, durable string, all bool) client.Filter {
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, ",")
	}
	f := client.Filter{Types: split(types), Langs: split(langs), Sources: split(sources), Locations: split(places), Durable: durable}
	if all {
		f.Start = client.StartAll
	}
	return f
}

func run(url, creds, prefix string, f client.Filter, log *slog.Logger) error {
	opts := []nats.Option{nats.Name("tinkhabar-client-example"), nats.MaxReconnects(-1)}
	if creds != "" {
		opts = append(opts, nats.UserCredentials(creds))
	}
	if tok := os.Getenv("TINKHABAR_NATS_TOKEN"); tok != "" {
		opts = append(opts, nats.Token(tok))
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return fmt.Errorf("connecting to %s: %w", url, err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	c, err := client.New(js, client.Config{Prefix: prefix, Logger: log})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return c.Subscribe(ctx, f, func(ctx context.Context, ev *client.Event) error {
		place := ""
		if ev.Location != nil {
			place = ev.Location.ID
		}
		fmt.Printf("%-8d %-13s %-2s %-12s %-16s %s\n", ev.Sequence, ev.Type, ev.Lang, ev.Source, place, ev.Summary())
		return nil
	})
}
