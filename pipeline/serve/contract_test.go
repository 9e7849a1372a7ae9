package serve_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pkg/extract"
	"github.com/tinkhabar/tinkhabar/pkg/gold"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// The contract documents, relative to this package.
const (
	schemaFile   = "../../docs/schema/event.schema.json"
	asyncAPIFile = "../../docs/asyncapi.yaml"
	corpusFile   = "../../testdata/corpus/articles.jsonl"
	validatorDir = "../../tools/asyncapi"
)

func compileSchema(t *testing.T, path string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(path)
	if err != nil {
		t.Fatalf("compiling %s: %v", path, err)
	}
	return sch
}

// instance turns a value into what the validator reads (numbers as json.Number).
func instance(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// engineEvents runs the extraction engine over the development corpus.
func engineEvents(t *testing.T) []news.Event {
	t.Helper()
	arts, err := gold.ReadFile(corpusFile)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	var out []news.Event
	for _, a := range arts {
		na := a.NewsArticle()
		evs, err := eng.Extract(&na)
		if err != nil {
			t.Fatalf("extracting %s: %v", a.ID, err)
		}
		out = append(out, evs...)
	}
	return out
}

// TestEventSchemaAcceptsEngineEvents validates every event the engine finds in the
// development corpus against docs/schema/event.schema.json, as extracted and as the API
// serves it (with summary_en).
func TestEventSchemaAcceptsEngineEvents(t *testing.T) {
	sch := compileSchema(t, schemaFile)
	events := engineEvents(t)
	if len(events) < 100 {
		t.Fatalf("the engine found only %d events in the corpus", len(events))
	}
	types := map[string]int{}
	for i := range events {
		ev := &events[i]
		types[ev.Type]++
		if err := sch.Validate(instance(t, ev)); err != nil {
			t.Errorf("event %s (%s of %s): %v", ev.ID, ev.Type, ev.Article.ID, err)
			continue
		}
		served := *ev
		served.SummaryEn = news.Summary(ev)
		if err := sch.Validate(instance(t, &served)); err != nil {
			t.Errorf("event %s with summary_en: %v", ev.ID, err)
		}
	}
	for _, typ := range news.Types {
		if types[typ] == 0 {
			t.Errorf("no %s event in the corpus run: the schema's %s branch went untested", typ, typ)
		}
	}
	t.Logf("%d engine events valid (%v)", len(events), types)
}

// TestEventSchemaRejectsBrokenEvents mutates a valid event, one fault at a time.
func TestEventSchemaRejectsBrokenEvents(t *testing.T) {
	sch := compileSchema(t, schemaFile)
	base := map[string][]byte{}
	for _, f := range fixtures() {
		b, err := json.Marshal(f.ev)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(instance(t, json.RawMessage(b))); err != nil {
			t.Fatalf("fixture %s is not valid: %v", f.name, err)
		}
		base[f.name] = b
	}
	tests := []struct {
		name, fixture string
		mutate        func(m map[string]any)
	}{
		{"no id", "fa-visit-kerman", func(m map[string]any) { delete(m, "id") }},
		{"unknown type", "fa-visit-kerman", func(m map[string]any) { m["type"] = "meeting" }},
		{"unknown language", "fa-visit-kerman", func(m map[string]any) { m["lang"] = "en" }},
		{"confidence above 1", "fa-visit-kerman", func(m map[string]any) { m["confidence"] = 1.5 }},
		{"unknown field", "fa-visit-kerman", func(m map[string]any) { m["visitor_name"] = "x" }},
		{"visit without visitor", "fa-visit-kerman", func(m map[string]any) { delete(m, "visitor") }},
		{"visit with parties", "fa-visit-kerman", func(m map[string]any) { m["parties"] = []any{} }},
		{"unknown role", "fa-visit-kerman", func(m map[string]any) { m["visitor"].(map[string]any)["role"] = "king" }},
		{"month 13", "fa-visit-kerman", func(m map[string]any) { m["date"].(map[string]any)["value"] = "2025-13-01" }},
		{"lower-case country", "fa-visit-kerman", func(m map[string]any) { m["location"].(map[string]any)["country"] = "ir" }},
		{"location id outside the list's form", "fa-visit-kerman", func(m map[string]any) { m["location"].(map[string]any)["id"] = "Kerman" }},
		{"published not a time", "fa-visit-kerman", func(m map[string]any) { m["article"].(map[string]any)["published"] = "yesterday" }},
		{"negative offset", "fa-visit-kerman", func(m map[string]any) { m["evidence"].(map[string]any)["start"] = -1 }},
		{"count of zero", "fa-count-kerman", func(m map[string]any) { m["count"] = 0 }},
		{"count as a string", "fa-count-kerman", func(m map[string]any) { m["count"] = "347" }},
		{"count without qualifier", "fa-count-kerman", func(m map[string]any) { delete(m, "qualifier") }},
		{"unknown currency", "fa-count-kerman", func(m map[string]any) {
			m["investment"] = map[string]any{"amount": 5, "currency": "EUR"}
		}},
		{"agreement without parties", "vi-agree-gialai", func(m map[string]any) { delete(m, "parties") }},
		{"agreement with a visitor", "vi-agree-gialai", func(m map[string]any) { m["visitor"] = map[string]any{"role": "minister"} }},
		{"party without id", "vi-agree-gialai", func(m map[string]any) { delete(m["parties"].([]any)[0].(map[string]any), "id") }},
		{"unknown agreement kind", "vi-agree-gialai", func(m map[string]any) { m["agreement_kind"] = "treaty" }},
		{"empty period", "vi-agree-gialai", func(m map[string]any) { m["period"] = map[string]any{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(base[tt.fixture], &m); err != nil {
				t.Fatal(err)
			}
			tt.mutate(m)
			if err := sch.Validate(instance(t, m)); err == nil {
				t.Error("the schema accepted a broken event")
			}
		})
	}
}

// TestAsyncAPI checks docs/asyncapi.yaml. When node and tools/asyncapi's installed
// @asyncapi/parser are there, the AsyncAPI parser validates it (and must reject a broken
// copy); otherwise only the Go checks run, and the test says so. The Go checks always run:
// the subjects are those the bus builds, every $ref resolves, and the event envelope schema
// accepts real envelopes and rejects broken ones.
func TestAsyncAPI(t *testing.T) {
	raw, err := os.ReadFile(asyncAPIFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("parsing %s: %v", asyncAPIFile, err)
	}

	t.Run("structure", func(t *testing.T) { checkAsyncAPIStructure(t, doc) })
	t.Run("event envelope schema", func(t *testing.T) { checkEnvelopeSchema(t, doc) })
	t.Run("AsyncAPI parser", func(t *testing.T) {
		node, err := exec.LookPath("node")
		if err != nil {
			t.Skip("node is not installed: docs/asyncapi.yaml was checked by the Go structure tests only, NOT by the AsyncAPI parser")
		}
		if _, err := os.Stat(filepath.Join(validatorDir, "node_modules/@asyncapi/parser/package.json")); err != nil {
			t.Skip("@asyncapi/parser is not installed (cd tools/asyncapi && npm ci): docs/asyncapi.yaml was checked by the Go structure tests only, NOT by the AsyncAPI parser")
		}
		out, err := runValidator(t, node, asyncAPIFile)
		if err != nil {
			t.Fatalf("the AsyncAPI parser rejects %s: %v\n%s", asyncAPIFile, err, out)
		}
		if !strings.Contains(out, "valid AsyncAPI 3.") {
			t.Fatalf("unexpected validator output:\n%s", out)
		}
		t.Logf("validated by @asyncapi/parser: %s", strings.TrimSpace(out))

		// A broken copy (beside a copy of the schema it refers to) must fail.
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "schema"), 0o755); err != nil {
			t.Fatal(err)
		}
		schema, err := os.ReadFile(schemaFile)
		if err != nil {
			t.Fatal(err)
		}
		for name, broken := range map[string]struct{ doc, schema string }{
			"operation action": {strings.Replace(string(raw), "action: send", "action: publish", 1), string(schema)},
			"schema type":      {string(raw), strings.Replace(string(schema), `"type": "object"`, `"type": "objet"`, 1)},
		} {
			if err := os.WriteFile(filepath.Join(dir, "asyncapi.yaml"), []byte(broken.doc), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "schema", "event.schema.json"), []byte(broken.schema), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := runValidator(t, node, filepath.Join(dir, "asyncapi.yaml")); err == nil {
				t.Errorf("the validator accepted a broken document (%s):\n%s", name, out)
			}
		}
	})
}

func runValidator(t *testing.T, node, file string) (string, error) {
	t.Helper()
	abs, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "validate.mjs", abs)
	cmd.Dir = validatorDir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return out.String(), err
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatal("the AsyncAPI validator did not finish within 60 s")
		return "", nil
	}
}

var addressParam = regexp.MustCompile(`\{([a-z_]+)\}`)

func checkAsyncAPIStructure(t *testing.T, doc map[string]any) {
	version, _ := doc["asyncapi"].(string)
	if !regexp.MustCompile(`^3\.[0-9]+\.[0-9]+$`).MatchString(version) {
		t.Errorf("asyncapi %q: want 3.x.y", version)
	}
	info, _ := doc["info"].(map[string]any)
	if info["title"] == nil || info["version"] == nil {
		t.Error("info needs a title and a version")
	}
	for name, s := range asMap(doc["servers"]) {
		if p := asMap(s)["protocol"]; p != "nats" {
			t.Errorf("server %s: protocol %v, want nats", name, p)
		}
	}

	bc := bus.DefaultConfig()
	sub := bc.Subjects()
	wantAddress := map[string]string{
		"events":   sub.Event("{type}", "{lang}", "{source}", "{event_id}"),
		"articles": sub.Article("{lang}", "{source}", "{article_id}"),
		"dead":     sub.Dead("{stage}", "{source}"),
	}
	channels := asMap(doc["channels"])
	for name, want := range wantAddress {
		ch := asMap(channels[name])
		if ch == nil {
			t.Errorf("no channel %s", name)
			continue
		}
		if ch["address"] != want {
			t.Errorf("channel %s: address %v, the bus publishes on %s", name, ch["address"], want)
		}
	}
	for name, c := range channels {
		ch := asMap(c)
		addr, _ := ch["address"].(string)
		params := asMap(ch["parameters"])
		var inAddr []string
		for _, m := range addressParam.FindAllStringSubmatch(addr, -1) {
			inAddr = append(inAddr, m[1])
			if params[m[1]] == nil {
				t.Errorf("channel %s: parameter %s of the address is not described", name, m[1])
			}
		}
		for p := range params {
			if !slices.Contains(inAddr, p) {
				t.Errorf("channel %s: parameter %s is not in the address", name, p)
			}
		}
		if len(asMap(ch["messages"])) == 0 {
			t.Errorf("channel %s has no message", name)
		}
	}
	evParams := asMap(asMap(channels["events"])["parameters"])
	if got := toStrings(asMap(evParams["type"])["enum"]); !slices.Equal(got, news.Types) {
		t.Errorf("events type enum %v, want %v", got, news.Types)
	}
	if got := toStrings(asMap(evParams["lang"])["enum"]); !slices.Equal(got, []string{news.LangFa, news.LangVi}) {
		t.Errorf("events lang enum %v", got)
	}

	for name, o := range asMap(doc["operations"]) {
		op := asMap(o)
		if a := op["action"]; a != "send" && a != "receive" {
			t.Errorf("operation %s: action %v", name, a)
		}
		if op["channel"] == nil {
			t.Errorf("operation %s has no channel", name)
		}
	}
	// Every $ref resolves: to a place in this document or in a file beside it.
	walkRefs(doc, func(ref string) {
		file, pointer, _ := strings.Cut(ref, "#")
		target := any(doc)
		if file != "" {
			b, err := os.ReadFile(filepath.Join(filepath.Dir(asyncAPIFile), file))
			if err != nil {
				t.Errorf("$ref %s: %v", ref, err)
				return
			}
			if err := json.Unmarshal(b, &target); err != nil {
				t.Errorf("$ref %s: %v", ref, err)
				return
			}
		}
		if _, ok := resolvePointer(target, pointer); !ok {
			t.Errorf("$ref %s does not resolve", ref)
		}
	})
}

// checkEnvelopeSchema validates real event envelopes against the AsyncAPI document's
// payload schema of an event (with its $ref to the event schema), with a JSON Schema
// validator.
func checkEnvelopeSchema(t *testing.T, doc map[string]any) {
	env := asMap(asMap(asMap(doc["components"])["schemas"])["eventEnvelope"])
	if env == nil {
		t.Fatal("no components/schemas/eventEnvelope")
	}
	dir, err := filepath.Abs(filepath.Dir(asyncAPIFile))
	if err != nil {
		t.Fatal(err)
	}
	url := "file://" + filepath.ToSlash(filepath.Join(dir, "asyncapi-event-envelope.json"))
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(url, instance(t, env)); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compiling the envelope schema: %v", err)
	}
	events := engineEvents(t)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := range events {
		b, err := news.MarshalEnvelope(&events[i], at)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(instance(t, json.RawMessage(b))); err != nil {
			t.Errorf("envelope of %s: %v", events[i].ID, err)
		}
	}
	b, err := news.MarshalEnvelope(&events[0], at)
	if err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(m map[string]any){
		"spec version":   func(m map[string]any) { m["specversion"] = "0.3" },
		"type":           func(m map[string]any) { m["type"] = "org.tinkhabar.event.meeting.v1" },
		"source":         func(m map[string]any) { m["source"] = "someone" },
		"no data":        func(m map[string]any) { delete(m, "data") },
		"data not valid": func(m map[string]any) { m["data"].(map[string]any)["lang"] = "en" },
	} {
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		mutate(m)
		if err := sch.Validate(instance(t, m)); err == nil {
			t.Errorf("the envelope schema accepted a broken envelope (%s)", name)
		}
	}
	t.Logf("%d engine envelopes valid against the AsyncAPI payload schema", len(events))
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, fmt.Sprint(x))
	}
	return out
}

func walkRefs(v any, f func(string)) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && k == "$ref" {
				f(s)
				continue
			}
			walkRefs(e, f)
		}
	case []any:
		for _, e := range x {
			walkRefs(e, f)
		}
	}
}

// resolvePointer follows a JSON pointer ("/components/schemas/x") into v.
func resolvePointer(v any, pointer string) (any, bool) {
	if pointer == "" {
		return v, true
	}
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[tok]; !ok {
			return nil, false
		}
	}
	return v, true
}
