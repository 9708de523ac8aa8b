package gen

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stelviogen/stelviogen/tags"
)

var updateStoreTest = flag.Bool("update-store", false, "rewrite the generated code of internal/storetest")

// storeTestFiles renders the handler-side file (descriptor, codec, store,
// queries, stream) of every table of internal/storetest, keyed by file path,
// as `go generate ./internal/storetest` writes it.
func storeTestFiles(t *testing.T) map[string][]byte {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "internal", "storetest"))
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := tags.Load(dir, tags.LoadOptions{})
	if err != nil {
		t.Fatalf("loading %s: %v", dir, err)
	}
	files := map[string][]byte{}
	hg := newHandleGen(pkg)
	hg.g.json = true // internal/storetest is generated with -json
	for _, tb := range pkg.Tables {
		src, err := render(handlerFile(hg, pkg, tb, structOwners(pkg)[tb]))
		if err != nil {
			t.Fatalf("rendering %s: %v", tb.Struct.Name, err)
		}
		files[filepath.Join(dir, fileBase(tb)+"_stelviogen.go")] = src
	}
	return files
}

func TestStoreTestPackageIsUpToDate(t *testing.T) {
	for path, want := range storeTestFiles(t) {
		if *updateStoreTest {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go generate ./internal/storetest)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go generate ./internal/storetest", path)
		}
	}
}
