package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tinkhabar/tinkhabar/pkg/extract"
	"github.com/tinkhabar/tinkhabar/pkg/gold"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// evalCmd is `tinkhabar eval`: runs the engine on gold corpora and prints the score.
type evalCmd struct {
	Gold    []string `name:"gold" required:"" sep:"none" placeholder:"FILE" help:"Gold corpus, JSON Lines (spec/corpus.md); repeat the flag for several files."`
	JSON    bool     `name:"json" help:"Print the report as JSON."`
	Verbose bool     `name:"verbose" short:"v" help:"Also list misses, false events and argument errors."`
	MinF1   float64  `name:"min-f1" default:"0" placeholder:"X" help:"Exit with status 1 when the overall F1 is below X (0 to 1)."`
	Explain string   `name:"explain" placeholder:"ID" help:"Instead of scoring, show what the engine reads in gold article ID, sentence by sentence, with its gold events."`
}

func (c *evalCmd) Run(g *globals) error {
	eng, err := extract.New()
	if err != nil {
		return fmt.Errorf("building extraction engine: %w", err)
	}
	if c.Explain != "" {
		return c.explain(eng, os.Stdout)
	}
	return c.run(eng, os.Stdout)
}

// explain prints the engine's reading of one gold article and the article's gold events.
func (c *evalCmd) explain(eng *extract.Engine, out io.Writer) error {
	arts, err := gold.ReadFiles(c.Gold...)
	if err != nil {
		return err
	}
	for _, a := range arts {
		if a.ID != c.Explain {
			continue
		}
		na := a.NewsArticle()
		if err := eng.Explain(&na, out); err != nil {
			return err
		}
		fmt.Fprintf(out, "\n%d gold events\n", len(a.Events))
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		for _, ev := range a.Events {
			fmt.Fprint(out, "    ")
			if err := enc.Encode(ev); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("no article %q in %s", c.Explain, strings.Join(c.Gold, ", "))
}

// evalReport is the JSON output of eval: the report with what produced it.
type evalReport struct {
	Extractor string   `json:"extractor"`
	Gold      []string `json:"gold"`
	gold.Report
}

// run reads the gold files, scores eng on them and writes the report to out. A score is not an
// error; unreadable gold files, an article the engine refuses, and an overall F1 below
// c.MinF1 are.
func (c *evalCmd) run(eng engine, out io.Writer) error {
	if c.MinF1 < 0 || c.MinF1 > 1 {
		return fmt.Errorf("--min-f1 %v is not between 0 and 1", c.MinF1)
	}
	arts, err := gold.ReadFiles(c.Gold...)
	if err != nil {
		return err
	}
	rep, err := score(arts, eng)
	if err != nil {
		return err
	}
	if !c.Verbose {
		rep.Misses, rep.FalseEvents, rep.ArgErrors = nil, nil, nil
	}
	er := evalReport{Extractor: eng.Version(), Gold: c.Gold, Report: rep}
	if c.JSON {
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err = enc.Encode(er)
	} else {
		err = writeTable(out, er)
	}
	if err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	if c.MinF1 > 0 && rep.Overall.F1 < c.MinF1 {
		return fmt.Errorf("overall F1 %.3f is below --min-f1 %.3f", rep.Overall.F1, c.MinF1)
	}
	return nil
}

// score runs eng on every gold article and scores its events.
func score(arts []gold.Article, eng engine) (gold.Report, error) {
	s := gold.NewScorer()
	for _, a := range arts {
		na := a.NewsArticle()
		evs, err := eng.Extract(&na)
		if err != nil {
			return gold.Report{}, fmt.Errorf("%s:%d: extracting: %w", a.File, a.Line, err)
		}
		preds := make([]gold.Event, len(evs))
		for i, e := range evs {
			preds[i] = gold.FromEvent(e)
		}
		s.Add(a, preds)
	}
	return s.Report(), nil
}

// writeTable writes the report for a reader: counts and ratios per type and language, argument
// accuracy, and (when the report has them) the misses, false events and argument errors.
func writeTable(w io.Writer, r evalReport) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "extractor %s on %d articles (%s)\n\n", r.Extractor, r.Articles, strings.Join(r.Gold, ", "))

	const rowFmt = "%-13s  %-4s  %5v  %9v  %5v  %5v  %5v  %5s  %5s  %5s\n"
	fmt.Fprintf(ew, rowFmt, "type", "lang", "gold", "predicted", "tp", "fp", "fn", "P", "R", "F1")
	for _, row := range r.Rows {
		c := row.Counts
		fmt.Fprintf(ew, rowFmt, row.Type, row.Lang, c.Gold, c.Predicted, c.TP, c.FP, c.FN,
			ratio(c.Precision, c.Predicted), ratio(c.Recall, c.Gold), ratio(c.F1, c.Gold+c.Predicted))
	}

	fmt.Fprintln(ew, "\nargument accuracy over matched pairs")
	if len(r.Arguments) == 0 {
		fmt.Fprintln(ew, "  (no matched pair)")
	} else {
		const argFmt = "%-13s  %-14s  %8v  %7v  %8s\n"
		fmt.Fprintf(ew, argFmt, "type", "argument", "compared", "correct", "accuracy")
		for _, a := range r.Arguments {
			fmt.Fprintf(ew, argFmt, a.Type, a.Arg, a.Compared, a.Correct, ratio(a.Accuracy, a.Compared))
		}
	}

	if r.Misses != nil || r.FalseEvents != nil || r.ArgErrors != nil {
		fmt.Fprintf(ew, "\nmisses (gold events not matched): %d\n", len(r.Misses))
		for _, m := range r.Misses {
			fmt.Fprintf(ew, "  %s  %s\n", m.Article, describe(m.Gold))
		}
		fmt.Fprintf(ew, "\nfalse events (predictions not matched): %d\n", len(r.FalseEvents))
		for _, f := range r.FalseEvents {
			fmt.Fprintf(ew, "  %s  %s\n      evidence: %s\n", f.Article, describe(f.Pred), oneLine(f.Pred.Evidence))
		}
		fmt.Fprintf(ew, "\nargument errors: %d\n", len(r.ArgErrors))
		for _, e := range r.ArgErrors {
			pred := e.Predicted
			if pred == "" {
				pred = "(none)"
			}
			fmt.Fprintf(ew, "  %s  %s %s: gold %s, predicted %s\n      evidence: %s\n",
				e.Article, e.Type, e.Arg, e.Gold, pred, oneLine(e.Evidence))
		}
	}
	return ew.err
}

// ratio formats a ratio to three decimals, or "-" when its denominator n is zero.
func ratio(v float64, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.3f", v)
}

// describe renders an event on one line: its type, its key, then the arguments it gives.
func describe(e gold.Event) string {
	parts := []string{e.Type}
	switch e.Type {
	case news.TypeVisit:
		loc := "location=" + e.Location
		if e.CurrentID != "" && e.CurrentID != e.Location {
			loc += " (" + e.CurrentID + ")"
		}
		parts = append(parts, loc)
		if e.VisitorName != "" {
			parts = append(parts, "visitor="+e.VisitorName)
		}
	case news.TypeProjectCount, news.TypeAgreement:
		if e.Count != 0 {
			parts = append(parts, fmt.Sprintf("count=%d", e.Count))
		}
	}
	for _, arg := range gold.Args {
		if v, ok := gold.ArgValue(e, arg); ok {
			parts = append(parts, arg+"="+v)
		}
	}
	return strings.Join(parts, " ")
}

// oneLine puts text on one line for a listing.
func oneLine(s string) string {
	if s == "" {
		return "(none)"
	}
	return strings.Join(strings.Fields(s), " ")
}

// errWriter keeps the first write error and drops what follows it.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
