package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/gen"
	"github.com/stelviogen/stelviogen/tags"
	"golang.org/x/tools/go/packages"
)

// synthPackage writes a package of n tagged structs (each a table with a sort
// key, an LSI, a GSI and eight more fields) into a directory of this module.
func synthPackage(b *testing.B, n int) string {
	b.Helper()
	dir := moduleTempDir(b)
	var src strings.Builder
	src.WriteString("package synth\n\nimport \"time\"\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&src, `
type Model%[1]d struct {
	_        struct{}          `+"`"+`dynamo:"table=model-%[1]d"`+"`"+`
	Tenant   string            `+"`"+`dynamodbav:"tenant" dynamo:"pk"`+"`"+`
	ID       string            `+"`"+`dynamodbav:"id" dynamo:"sk"`+"`"+`
	Status   string            `+"`"+`dynamodbav:"status" lsi:"status-index,project=total" gsi:"by-status,pk,project=all"`+"`"+`
	Total    float64           `+"`"+`dynamodbav:"total" gsi:"by-status,sk"`+"`"+`
	Count    int               `+"`"+`dynamodbav:"count"`+"`"+`
	Tags     []string          `+"`"+`dynamodbav:"tags,stringset,omitempty"`+"`"+`
	Attrs    map[string]string `+"`"+`dynamodbav:"attrs"`+"`"+`
	Created  time.Time         `+"`"+`dynamodbav:"created"`+"`"+`
	Expires  int64             `+"`"+`dynamodbav:"expires" dynamo:"ttl"`+"`"+`
	Note     *string           `+"`"+`dynamodbav:"note"`+"`"+`
	Data     []byte            `+"`"+`dynamodbav:"data"`+"`"+`
	Version  int64             `+"`"+`dynamodbav:"version" dynamo:"version"`+"`"+`
}
`, i)
	}
	if err := os.WriteFile(filepath.Join(dir, "models.go"), []byte(src.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

var benchSizes = []int{1, 10, 100, 500}

// BenchmarkGenerate is stelviogen's work on a package of N structs: load,
// analyse, render every file (nothing is written).
func BenchmarkGenerate(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("structs=%d", n), func(b *testing.B) {
			dir := synthPackage(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				pkg, err := tags.Load(dir, tags.LoadOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := gen.Generate(pkg, gen.Config{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoadFloor is the physical floor: a bare packages.Load of the same
// package with the same mode.
func BenchmarkLoadFloor(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("structs=%d", n), func(b *testing.B) {
			dir := synthPackage(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				pkgs, err := packages.Load(&packages.Config{Mode: tags.LoadMode, Dir: dir}, ".")
				if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
					b.Fatalf("load: %v %v", err, pkgs)
				}
			}
		})
	}
}

// BenchmarkGenerateUnchanged is a run of the command on a package whose model
// and generator did not change since the last run (the common go generate):
// load, fingerprint, verify the files on disk, render nothing.
func BenchmarkGenerateUnchanged(b *testing.B) {
	b.Setenv("STELVIOGEN_CACHE_DIR", b.TempDir())
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("structs=%d", n), func(b *testing.B) {
			dir := synthPackage(b, n)
			var stderr strings.Builder
			if code := Run([]string{dir}, io.Discard, &stderr); code != 0 {
				b.Fatalf("first run: %s", stderr.String())
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if code := Run([]string{dir}, io.Discard, &stderr); code != 0 {
					b.Fatalf("run: %s", stderr.String())
				}
			}
		})
	}
}
