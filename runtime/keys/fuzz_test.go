package keys

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzParseTemplate: parsing never panics, every problem is a TemplateError
// inside the source, and a parsed template's parts are exactly its source at
// their offsets.
func FuzzParseTemplate(f *testing.F) {
	for _, s := range []string{"CUSTOMER#{ID}", "ORDER#{PlacedAt}#{ID}", "EMAIL#{Email|lower}", "PROFILE", "{A}{B}", "A#{P|fixed=2}",
		"{", "}", "{{}}", "A#{X|lower|upper}", "{X|fixed=}", "é#{日本}", "\xff{"} {
		f.Add(s, byte('#'))
	}
	f.Add("A|{X}|{Y}", byte('|'))
	f.Fuzz(func(t *testing.T, src string, sep byte) {
		tp, err := Parse(src, SortKey, sep)
		if err != nil {
			var errs TemplateErrors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("%q: error %T %v", src, err, err)
			}
			for _, e := range errs {
				if e.Offset < 0 || e.Offset > len(src) || e.Msg == "" {
					t.Fatalf("%q: bad problem %+v", src, e)
				}
			}
			return
		}
		var b strings.Builder
		for i, l := range tp.Literals {
			if src[l.Offset:l.Offset+len(l.Text)] != l.Text {
				t.Fatalf("%q: literal %+v", src, l)
			}
			b.WriteString(l.Text)
			if i < len(tp.Fields) {
				p := tp.Fields[i]
				if i > 0 && l.Text == "" {
					t.Fatalf("%q: empty inner literal", src)
				}
				if src[p.Offset] != '{' || src[p.End-1] != '}' || src[p.FieldOffset:p.FieldOffset+len(p.Field)] != p.Field {
					t.Fatalf("%q: placeholder %+v", src, p)
				}
				for _, m := range p.Mods {
					if !strings.HasPrefix(src[m.Offset:], m.Name) {
						t.Fatalf("%q: modifier %+v", src, m)
					}
				}
				b.WriteString(src[p.Offset:p.End])
			}
		}
		if b.String() != src {
			t.Fatalf("%q: parts rebuild %q", src, b.String())
		}
		// bound as text fields, a key built from the field names splits back
		kinds := make([]Kind, len(tp.Fields))
		for i, p := range tp.Fields {
			kinds[i] = KindString
			if p.Decimals >= 0 {
				kinds[i] = KindFloat
			}
		}
		if tp.Bind(kinds...) != nil {
			return
		}
		bl := tp.Begin(nil)
		var want []string
		for _, p := range tp.Fields {
			if p.Enc == EncFixed {
				bl = bl.Float64(1)
				s, _ := FormatFixed(1.0, p.Decimals)
				want = append(want, s)
				continue
			}
			bl = bl.Text(p.Field)
			want = append(want, string(appendCase(nil, p.Field, p.Case)))
		}
		key, err := bl.Key()
		if err != nil {
			return // a name holding the separator or the next literal
		}
		got, err := tp.Split(nil, key)
		if err != nil || strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Fatalf("%q: Split(%q) = %q, %v; want %q", src, key, got, err, want)
		}
	})
}

var fuzzTemplates = []*Template{
	MustBind("ORDER#{PlacedAt}#{ID}", SortKey, 0, KindTime, KindString),
	MustBind("X{A}-{B}aa{C}!", SortKey, 0, KindString, KindString, KindString),
	MustBind("N#{I}:{U}#{F|fixed=2}#{T}x", SortKey, 0, KindInt, KindUint, KindFloat, KindTime),
	MustBind("E#{Email|lower}#{Code|upper}", PartitionKey, 0, KindString, KindString),
	MustBind("{N}0{M}", SortKey, 0, KindInt, KindInt),
	MustBind("{Name}", SortKey, '|', KindString),
}

// FuzzDecodeKey: splitting and decoding never panic; whatever splits builds
// back to the same key, and whatever decodes encodes back to the same text.
func FuzzDecodeKey(f *testing.F) {
	f.Add("ORDER#2026-11-03T15:04:05.123000000Z#o-1")
	f.Add("Xa-bccaad!")
	f.Add("N#-0776627963145224192:18446744073709551615#-99999999999999987.50#0000-01-01T00:00:00.000000000Zx")
	f.Add("E#ada@x.com#ABC")
	f.Add("000000000000000000420-9999999999999999999")
	f.Add("a#b")
	f.Fuzz(func(t *testing.T, key string) {
		for _, tp := range fuzzTemplates {
			texts, err := tp.Split(nil, key)
			if err != nil {
				if !errors.Is(err, ErrMalformed) {
					t.Fatalf("%s: Split(%q): %v", tp, key, err)
				}
				continue
			}
			back, err := tp.Append(nil, texts...)
			if err != nil && !errors.Is(err, ErrKeyTooLong) {
				t.Fatalf("%s: Append(Split(%q) = %q): %v", tp, key, texts, err)
			}
			if err == nil && string(back) != key {
				t.Fatalf("%s: Append(Split(%q)) = %q", tp, key, back)
			}
		}
		if v, err := ParseInt[int64](key); err == nil && FormatInt(v) != key {
			t.Fatalf("int %q -> %d -> %q", key, v, FormatInt(v))
		}
		if v, err := ParseUint[uint64](key); err == nil && FormatUint(v) != key {
			t.Fatalf("uint %q", key)
		}
		if v, err := ParseTime(key); err == nil {
			if s, err := FormatTime(v); err != nil || s != key {
				t.Fatalf("time %q -> %v -> %q", key, v, s)
			}
			if v.Location() != time.UTC {
				t.Fatalf("time %q not UTC", key)
			}
		}
		for _, d := range []int{0, 2} {
			if v, err := ParseFixed[float64](key, d); err == nil {
				if s, err := FormatFixed(v, d); err != nil || s != key {
					t.Fatalf("fixed %q -> %v -> %q", key, v, s)
				}
			}
		}
	})
}
