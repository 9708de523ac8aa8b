package cache

import (
	"os"
	"path/filepath"
	"testing"
)

func TestToolIDIsTheBuildID(t *testing.T) {
	id := toolID()
	if len(id) < len("buildid:")+10 || id[:8] != "buildid:" {
		t.Fatalf("toolID() = %q, want the executable's build ID", id)
	}
}

func TestSaveLookupCurrent(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(t.TempDir(), "a_stelviogen.go")
	files := map[string][]byte{out: []byte("package a\n")}
	if err := os.WriteFile(out, files[out], 0o644); err != nil {
		t.Fatal(err)
	}
	Save(dir, "k1", files)
	got, ok := Lookup(dir, "k1")
	if !ok || len(got) != 1 || !Current(got) {
		t.Fatalf("Lookup = %v, %v; current %v", got, ok, Current(got))
	}
	if _, ok := Lookup(dir, "other"); ok {
		t.Error("unknown key found")
	}
	// Same size, new content, and a modification time as if nothing happened:
	// Current trusts size and time (as make does), so restore both and check
	// that a changed time makes it read the content.
	if err := os.WriteFile(out, []byte("package b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if Current(got) {
		t.Error("an edited file counts as current")
	}
	if err := os.WriteFile(out, []byte("package a // edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if Current(got) {
		t.Error("an edited file of another size counts as current")
	}
	os.Remove(out)
	if Current(got) {
		t.Error("a deleted file counts as current")
	}
	if _, ok := Lookup("", "k1"); ok {
		t.Error("disabled cache found an entry")
	}
}
