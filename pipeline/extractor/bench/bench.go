package bench

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/extractor"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// Config is one benchmark run.
type Config struct {
	// Backlog is the number of articles published into an empty ARTICLES (the publish
	// ceiling) and then drained by the stage (memory and pauses). Default 100,000.
	Backlog int
	// Live is the number of articles published while the stage runs (end to end). Default
	// Backlog.
	Live int
	// Extractor is the engine the stage runs.
	Extractor extractor.Extractor
	// Workers is the stage's worker count; 0 is one per CPU.
	Workers int
	// DataDir is where the embedded servers keep their stores (removed afterwards); ""
	// means a new temporary directory.
	DataDir string
	// Logger receives progress at Info; nil discards.
	Logger *slog.Logger
	// Executable, when set, is a tinkhabar binary: the backlog is then drained once more by
	// `Executable run --stages extractor` in a process of its own, connected to the embedded
	// server over loopback, to measure the extractor's memory without the server's.
	Executable string
}

// Result is what a run measured.
type Result struct {
	// ExtractorVersion names the engine.
	ExtractorVersion string
	// ArticleBytes is the mean size of an article message (JSON) in bytes.
	ArticleBytes int
	// PublishCeiling is articles per second published asynchronously into ARTICLES with
	// nothing consuming, until every publish was acknowledged.
	PublishCeiling float64
	// EndToEnd is articles per second from the first publish until the stage acknowledged the
	// last article (every event stored), with publishing and extraction running together.
	EndToEnd float64
	// Ratio is EndToEnd / PublishCeiling.
	Ratio float64
	// Drain is articles per second the stage took to drain the backlog.
	Drain float64
	// EventsPerArticle is the mean number of events stored per article.
	EventsPerArticle float64
	// PeakRSS is the process's peak resident memory while the backlog drained (server and
	// stage together, both in this process); RSSBefore and RSSAfter bracket the drain.
	PeakRSS, RSSBefore, RSSAfter int64
	// HeapBefore and HeapAfter are the live Go heap (after a collection) before and after the
	// drain: what the process keeps, apart from garbage not yet collected. What it gains over
	// the drain is mostly the server's index of the new subjects (one per stored event) and
	// its Nats-Msg-Id window.
	HeapBefore, HeapAfter int64
	// MaxGap is the longest pause between deliveries while articles were pending, and
	// Stalls the empty pulls the stage saw with articles pending, during the drain.
	MaxGap time.Duration
	Stalls uint64
	// Separate is the drain by an extractor in its own process (Config.Executable); nil
	// when not measured.
	Separate *SeparateResult
}

// SeparateResult is the backlog drained by an extractor process of its own.
type SeparateResult struct {
	// Drain is articles per second, from the process's start to the last ack.
	Drain float64
	// PeakRSS is the extractor process's peak resident memory; RSS10, RSS50 and RSS90 its
	// resident memory when 10, 50 and 90 % of the backlog were done.
	PeakRSS, RSS10, RSS50, RSS90 int64
}

// Run measures on an embedded server in this process. It takes as long as publishing and
// extracting Backlog + Live articles takes; ctx cancels it.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Backlog <= 0 {
		cfg.Backlog = 100000
	}
	if cfg.Live <= 0 {
		cfg.Live = cfg.Backlog
	}
	if cfg.Extractor == nil {
		return Result{}, errors.New("bench: no extractor")
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dir := cfg.DataDir
	if dir == "" {
		d, err := os.MkdirTemp("", "tinkhabar-bench-")
		if err != nil {
			return Result{}, err
		}
		dir = d
	}
	defer os.RemoveAll(dir)

	res := Result{ExtractorVersion: cfg.Extractor.Version()}
	base, err := Corpus()
	if err != nil {
		return res, err
	}

	// Phase 1 and 2: the publish ceiling into an empty stream, then the drain of that backlog.
	b, err := newBus(dir+"/backlog", log)
	if err != nil {
		return res, err
	}
	defer b.close()
	log.Info("bench: publishing the backlog", "articles", cfg.Backlog)
	took, size, err := b.publishAll(ctx, base, 0, cfg.Backlog)
	if err != nil {
		return res, err
	}
	res.ArticleBytes = size
	res.PublishCeiling = float64(cfg.Backlog) / took.Seconds()

	log.Info("bench: draining the backlog")
	res.HeapBefore = liveHeap()
	resetPeakRSS()
	res.RSSBefore = currentRSS()
	st, took, err := b.extract(ctx, cfg, cfg.Backlog, nil)
	if err != nil {
		return res, err
	}
	res.PeakRSS = peakRSS()
	res.RSSAfter = currentRSS()
	res.HeapAfter = liveHeap()
	res.Drain = float64(cfg.Backlog) / took.Seconds()
	res.MaxGap, res.Stalls = st.MaxGap, st.Stalls
	b.close()

	// Phase 3: end to end, publishing while the stage extracts, on a fresh store.
	live, err := newBus(dir+"/live", log)
	if err != nil {
		return res, err
	}
	defer live.close()
	log.Info("bench: publishing and extracting together", "articles", cfg.Live)
	st, took, err = live.extract(ctx, cfg, cfg.Live, func() error {
		_, _, err := live.publishAll(ctx, base, cfg.Backlog, cfg.Live)
		return err
	})
	if err != nil {
		return res, err
	}
	res.EndToEnd = float64(cfg.Live) / took.Seconds()
	res.Ratio = res.EndToEnd / res.PublishCeiling
	res.EventsPerArticle = float64(st.Events) / float64(cfg.Live)
	live.close()

	if cfg.Executable != "" {
		log.Info("bench: draining the backlog with an extractor process of its own")
		sep, err := drainSeparately(ctx, cfg, base, dir+"/separate", log)
		if err != nil {
			return res, err
		}
		res.Separate = sep
	}
	return res, nil
}

// drainSeparately publishes the backlog into an embedded server listening on loopback, then
// runs `cfg.Executable run --stages extractor` against it until every article is acked,
// sampling the process's memory as the backlog drains.
func drainSeparately(ctx context.Context, cfg Config, base []news.Article, dir string, log *slog.Logger) (*SeparateResult, error) {
	srv, err := bus.StartEmbedded(bus.EmbeddedConfig{DataDir: dir, Listen: "127.0.0.1:0"}, log)
	if err != nil {
		return nil, err
	}
	b := &benchBus{srv: srv, cfg: bus.DefaultConfig(), log: log}
	defer b.close()
	if b.nc, err = srv.Connect("tinkhabar-bench-publisher"); err != nil {
		return nil, err
	}
	if b.js, err = bus.NewJetStream(b.nc); err != nil {
		return nil, err
	}
	if err := bus.EnsureStreams(ctx, b.js, &b.cfg); err != nil {
		return nil, err
	}
	if _, _, err := b.publishAll(ctx, base, 0, cfg.Backlog); err != nil {
		return nil, err
	}

	cmd := exec.CommandContext(ctx, cfg.Executable, "run", "--nats", srv.ClientURL(), "--stages", extractor.Name, "--log-level", "warn")
	cmd.Env = append(os.Environ(), "TINKHABAR_CONFIG=")
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: starting %s: %w", cfg.Executable, err)
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}()
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	res := &SeparateResult{}
	total := uint64(cfg.Backlog)
	for {
		select {
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		case <-time.After(100 * time.Millisecond):
		}
		rss := procStatusOf(status, "VmRSS:")
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		cons, err := b.js.Consumer(cctx, b.cfg.Articles.Name, extractor.DefaultConfig().Durable)
		var info *jetstream.ConsumerInfo
		if err == nil {
			info, err = cons.Info(cctx)
		}
		cancel()
		if err != nil {
			continue // the process has not created its consumer yet
		}
		done := info.AckFloor.Stream
		for _, p := range []struct {
			at  uint64
			dst *int64
		}{{total / 10, &res.RSS10}, {total / 2, &res.RSS50}, {total * 9 / 10, &res.RSS90}} {
			if done >= p.at && *p.dst == 0 {
				*p.dst = rss
			}
		}
		if done >= total && info.NumAckPending == 0 {
			res.Drain = float64(total) / time.Since(start).Seconds()
			res.PeakRSS = procStatusOf(status, "VmHWM:")
			return res, nil
		}
	}
}

// benchBus is an embedded server with the streams, and a publisher connection.
type benchBus struct {
	srv  *bus.Embedded
	nc   *nats.Conn
	js   jetstream.JetStream
	cfg  bus.Config
	log  *slog.Logger
	once sync.Once
}

func newBus(dir string, log *slog.Logger) (*benchBus, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	srv, err := bus.StartEmbedded(bus.EmbeddedConfig{DataDir: dir}, log)
	if err != nil {
		return nil, err
	}
	b := &benchBus{srv: srv, cfg: bus.DefaultConfig(), log: log}
	if b.nc, err = srv.Connect("tinkhabar-bench-publisher"); err != nil {
		srv.Shutdown()
		return nil, err
	}
	if b.js, err = bus.NewJetStream(b.nc); err != nil {
		b.close()
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := bus.EnsureStreams(ctx, b.js, &b.cfg); err != nil {
		b.close()
		return nil, err
	}
	return b, nil
}

func (b *benchBus) close() {
	b.once.Do(func() {
		if b.nc != nil {
			b.nc.Close()
		}
		b.srv.Shutdown()
	})
}

// publishAll publishes n articles, variants start to start+n of base, made as they are
// published (so the run holds no backlog in memory), and returns when every publish was
// acknowledged, with the mean message size.
func (b *benchBus) publishAll(ctx context.Context, base []news.Article, start, n int) (time.Duration, int, error) {
	pub := bus.NewPublisher(b.js)
	sub := b.cfg.Subjects()
	var failed atomic.Int64
	var firstErr atomic.Value
	began := time.Now()
	batch := pub.NewBatch(ctx, bus.DefaultMaxPending, func(r bus.Result) {
		if r.Err != nil && failed.Add(1) == 1 {
			firstErr.Store(r.Err)
		}
	})
	total := 0
	for i := start; i < start+n; i++ {
		a := variant(base, i)
		if err := bus.PrepareArticle(&a); err != nil {
			batch.Close()
			return 0, 0, err
		}
		m, err := sub.ArticleMsg(&a)
		if err != nil {
			batch.Close()
			return 0, 0, err
		}
		total += len(m.Data)
		if err := batch.Add(m, a.ID, i); err != nil {
			batch.Close()
			return 0, 0, fmt.Errorf("bench: publishing: %w", err)
		}
	}
	batch.Close()
	took := time.Since(began)
	if k := failed.Load(); k > 0 {
		return 0, 0, fmt.Errorf("bench: %d publishes failed, the first: %v", k, firstErr.Load())
	}
	return took, total / max(n, 1), nil
}

// extract runs the stage on its own connection until it has acked n articles. When publish
// is not nil it runs alongside, and the clock starts before it.
func (b *benchBus) extract(ctx context.Context, cfg Config, n int, publish func() error) (extractor.Stats, time.Duration, error) {
	nc, err := b.srv.Connect("tinkhabar-bench-extractor")
	if err != nil {
		return extractor.Stats{}, 0, err
	}
	defer nc.Close()
	js, err := bus.NewJetStream(nc)
	if err != nil {
		return extractor.Stats{}, 0, err
	}
	scfg := extractor.DefaultConfig()
	scfg.Workers = cfg.Workers
	st, err := extractor.New(scfg, extractor.Deps{JS: js, Bus: b.cfg, Extractor: cfg.Extractor, Logger: b.log})
	if err != nil {
		return extractor.Stats{}, 0, err
	}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- st.Run(runCtx) }()
	pubErr := make(chan error, 1)
	if publish != nil {
		go func() { pubErr <- publish() }()
	} else {
		pubErr <- nil
	}
	pubDone := pubErr // receives once; nil afterwards
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		s := st.Stats()
		if s.Acked+s.Dead >= uint64(n) && pubDone == nil {
			took := time.Since(start)
			stop()
			if err := <-done; err != nil {
				return s, took, err
			}
			return st.Stats(), took, nil
		}
		select {
		case <-ctx.Done():
			return s, 0, context.Cause(ctx)
		case err := <-done:
			return s, 0, fmt.Errorf("bench: the stage stopped: %v", err)
		case err := <-pubDone:
			if err != nil {
				return s, 0, err
			}
			pubDone = nil
		case <-tick.C:
		}
	}
}

// liveHeap collects garbage and returns the bytes of heap objects still in use.
func liveHeap() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// currentRSS is the process's resident memory in bytes (0 where /proc is missing).
func currentRSS() int64 { return procStatus("VmRSS:") }

// peakRSS is the process's peak resident memory since the last resetPeakRSS.
func peakRSS() int64 { return procStatus("VmHWM:") }

// resetPeakRSS resets the kernel's peak-RSS mark (Linux clear_refs 5), so that peakRSS
// measures from now. Where that is not possible the peak is the process's lifetime peak.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

func procStatus(key string) int64 { return procStatusOf("/proc/self/status", key) }

// procStatusOf reads one memory line (in bytes) of a /proc/<pid>/status file; 0 when absent.
func procStatusOf(path, key string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, key); ok {
			f := strings.Fields(rest)
			if len(f) == 0 {
				return 0
			}
			kb, err := strconv.ParseInt(f[0], 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}
