package gen

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"io"
	"sort"

	"github.com/stelviogen/stelviogen/tags"
)

// Fingerprint identifies everything Generate's output depends on, apart from the
// generator itself: the model, without source positions, and the config. Two
// runs with the same fingerprint and the same generator produce the same files,
// which lets the command skip rendering when nothing changed.
func Fingerprint(pkg *tags.Package, cfg Config) [32]byte {
	h := sha256.New()
	w := &fingerprinter{h: h, structs: map[*tags.Struct]int{}}
	w.printf("pkg %q %q %q infra %q %q\n", pkg.Name, pkg.Path, pkg.Dir, cfg.InfraDir, cfg.InfraPkgPath)
	for _, t := range pkg.Tables {
		w.printf("table %q stream %q\n", t.Name, t.Stream)
		w.structOf(t.Struct)
		w.key("pk", t.PK)
		w.key("sk", t.SK)
		for _, ix := range t.Indexes() {
			w.printf("index %q %d %q %q\n", ix.Name, ix.Kind, ix.Projection.Type, ix.Projection.NonKey)
			w.key("ixpk", ix.PK)
			w.key("ixsk", ix.SK)
		}
		w.field("ttl", t.TTL)
		w.field("version", t.Version)
	}
	// The user's declarations take part in the name checks.
	declared := make([]string, 0, len(pkg.Declared))
	for name := range pkg.Declared {
		declared = append(declared, name)
	}
	sort.Strings(declared)
	w.printf("declared %q\n", declared)
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

type fingerprinter struct {
	h       hash.Hash
	structs map[*tags.Struct]int // visited structs, by first-visit number (recursive types)
}

func (w *fingerprinter) printf(format string, args ...any) { fmt.Fprintf(w.h, format, args...) }

func (w *fingerprinter) key(role string, k *tags.Key) {
	if k == nil {
		io.WriteString(w.h, role+" none\n")
		return
	}
	w.printf("%s %q %q\n", role, k.Field.Attr, k.Type)
}

func (w *fingerprinter) field(role string, f *tags.Field) {
	if f == nil {
		io.WriteString(w.h, role+" none\n")
		return
	}
	w.printf("%s %q\n", role, f.Attr)
}

func (w *fingerprinter) structOf(s *tags.Struct) {
	if id, seen := w.structs[s]; seen {
		w.printf("struct#%d\n", id)
		return
	}
	w.structs[s] = len(w.structs)
	w.printf("struct %q %q %d{\n", s.Name, s.PkgPath, len(s.Fields))
	for _, f := range s.Fields {
		w.printf("field %q %q %+v ", f.Path, f.Attr, f.Enc)
		w.typeOf(f.Type)
		io.WriteString(w.h, "\n")
	}
	io.WriteString(w.h, "}\n")
}

func (w *fingerprinter) typeOf(t *tags.Type) {
	if t == nil {
		io.WriteString(w.h, "nil")
		return
	}
	w.printf("(%d %q %q %q %d %t %t", t.Kind, t.Name, t.PkgPath, t.Basic, t.Len, t.Marshaler, t.Unmarshaler)
	w.typeOf(t.Elem)
	w.typeOf(t.Key)
	if t.Struct != nil {
		w.structOf(t.Struct)
	}
	io.WriteString(w.h, ")")
}
