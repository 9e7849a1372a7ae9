package samplesite

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestServer(t *testing.T) {
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	get := func(path, etag string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", s.URL+path, nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	res, body := get("/mehrnews/rss.xml", "")
	if res.StatusCode != 200 || !strings.Contains(body, s.URL+"/mehrnews/") || strings.Contains(body, Placeholder) {
		t.Fatalf("feed: %d, placeholder not replaced", res.StatusCode)
	}
	if res2, _ := get("/mehrnews/rss.xml", res.Header.Get("ETag")); res2.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET: %d, want 304", res2.StatusCode)
	}
	for path, code := range map[string]int{"/expected.json": 404, "/sources.yaml": 404, "/broken/410": 410, "/broken/429": 429, "/nope": 404} {
		if r, _ := get(path, ""); r.StatusCode != code {
			t.Errorf("%s: %d, want %d", path, r.StatusCode, code)
		}
	}
	if st := s.Stats(); st.NotModified != 1 || st.ByPath["/mehrnews/rss.xml"] != 2 {
		t.Errorf("stats = %+v", st)
	}
	// A stalled request is released by Close.
	errc := make(chan error, 1)
	go func() {
		res, err := http.Get(s.URL + "/broken/stall")
		if err == nil {
			res.Body.Close()
		}
		errc <- err
	}()
	time.Sleep(50 * time.Millisecond)
	if err := s.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	select {
	case <-errc:
	case <-time.After(10 * time.Second):
		t.Error("stalled request not released by Close")
	}
}

func TestArticles(t *testing.T) {
	exp, err := Articles()
	if err != nil {
		t.Fatal(err)
	}
	if len(exp) != 80 {
		t.Fatalf("%d expected articles, want the corpus's 80", len(exp))
	}
	for _, e := range exp {
		if _, err := File(e.Path); err != nil {
			t.Errorf("%s: page %s missing", e.CorpusID, e.Path)
		}
	}
}
