package gen

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/stelviogen/stelviogen/tags"
)

// Fingerprint identifies everything Generate's output depends on, apart from the
// generator itself: the model, without source positions, and the config. Two
// runs with the same fingerprint and the same generator produce the same files,
// which lets the command skip rendering when nothing changed.
func Fingerprint(pkg *tags.Package, cfg Config) [32]byte {
	h := sha256.New()
	w := &fingerprinter{h: h, structs: map[*tags.Struct]int{}}
	w.printf("pkg %q %q %q infra %q %q docs %t json %t\n", pkg.Name, pkg.Path, pkg.Dir, cfg.InfraDir, cfg.InfraPkgPath, !cfg.NoDocs, cfg.DirectJSON)
	for _, t := range pkg.Tables {
		w.printf("table %q stream %q doc %q file %q\n", t.Name, t.Stream, t.Doc, filepath.Base(t.Pos.File))
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
		if t.IsEntityTable() {
			w.entities(t)
		}
	}
	// The user's declarations take part in the name checks: those that could
	// clash, which hold the name of a table's type or of a struct type of its
	// fields (as every generated name does), so that other edits of the
	// package keep the cache.
	stems := structNames(pkg)
	declared := make([]string, 0, len(pkg.Declared))
	for name := range pkg.Declared {
		lower := strings.ToLower(name)
		for _, stem := range stems {
			if strings.Contains(lower, stem) {
				declared = append(declared, name)
				break
			}
		}
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

// entities adds what an entity table's output depends on beyond its struct: a
// template change must miss the cache, or neither the generated code nor the
// template guard would see it.
func (w *fingerprinter) entities(t *tags.Table) {
	w.printf("entities type %q sep %q\n", t.TypeAttr, t.Sep)
	w.field("typefield", t.TypeField)
	for _, e := range t.Entities {
		w.printf("entity %q file %q\n", e.Name, filepath.Base(e.Pos.File))
		if e.Struct != nil {
			w.structOf(e.Struct)
		}
		w.field("version", e.Version)
		w.field("ttl", e.TTL)
		for _, k := range e.Keys {
			ix := ""
			if k.Index != nil {
				ix = k.Index.Name
			}
			norm := ""
			if k.Template != nil {
				norm = k.Template.Normalized()
			}
			w.printf("key %q %q %d %q %q\n", k.Attr.Attr, ix, k.Role, k.Text, norm)
			for _, f := range k.Fields {
				w.printf("keyfield %q\n", f.Attr)
			}
		}
	}
	for _, c := range t.Collections {
		ix := ""
		if c.Index != nil {
			ix = c.Index.Name
		}
		w.printf("collection %q %q", c.Name, ix)
		for _, m := range c.Members {
			w.printf(" %q", m.Name)
		}
		io.WriteString(w.h, "\n")
	}
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

// structNames lists, in lower case, the names of the tables' types and of
// the struct types their fields hold.
func structNames(pkg *tags.Package) []string {
	seen := map[*tags.Struct]bool{}
	var out []string
	var walkType func(t *tags.Type)
	var walkStruct func(s *tags.Struct)
	walkStruct = func(s *tags.Struct) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		if s.Name != "" {
			out = append(out, strings.ToLower(s.Name))
		}
		for _, f := range s.Fields {
			walkType(f.Type)
		}
	}
	walkType = func(t *tags.Type) {
		for ; t != nil; t = t.Elem {
			walkStruct(t.Struct)
			if t.Key != nil {
				walkType(t.Key)
			}
		}
	}
	for _, t := range pkg.Tables {
		walkStruct(t.Struct)
		for _, e := range t.Entities {
			walkStruct(e.Struct)
		}
	}
	return out
}
