package serve

import (
	"embed"
	"io/fs"
	"net/http"
)

// web holds the page: plain HTML, CSS and JavaScript, served as they are (no build step).
//
//go:embed web/index.html web/app.js web/style.css
var web embed.FS

// webHandler serves the page at / and its files at /app.js and /style.css. The files are
// revalidated on every load, so a new binary's page is picked up at once.
func webHandler() http.Handler {
	sub, err := fs.Sub(web, "web")
	if err != nil { // cannot happen: the directory is embedded
		panic(err)
	}
	files := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/", "/index.html", "/app.js", "/style.css":
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}
