package gazetteer
import ("fmt";"os";"testing";"path/filepath")
func TestZZSeeds(t *testing.T) {
	g := testGazetteer(t)
	files, _ := filepath.Glob("/work/shared/seeds/*.txt")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, lang := range []string{"fa","vi"} {
			tx := normalize(lang, string(b))
			ms := g.Find(lang, tx)
			if len(ms) < 3 { continue }
			fmt.Println("==", f, lang)
			for _, m := range ms { fmt.Print(describe(tx, m), "  ") }
			fmt.Println()
		}
	}
}
