package ddbjson_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/ddbjson"
)

// funcSink is an ItemSink running f on each item.
type funcSink struct{ f func(m *ddbjson.Map) error }

func (s *funcSink) Reset()                          {}
func (s *funcSink) DecodeItem(m *ddbjson.Map) error { return s.f(m) }

// names reads the rest of m: each attribute as name=value (S and N), or
// name:type.
func names(m *ddbjson.Map) (string, error) {
	var out []string
	for m.Next() {
		v := m.Value()
		switch v.Type() {
		case ddbjson.TypeS:
			s, _ := v.S()
			out = append(out, m.Name()+"="+s)
		case ddbjson.TypeM:
			inner, err := v.M()
			if err != nil {
				return "", err
			}
			s, err := names(inner)
			if err != nil {
				return "", err
			}
			out = append(out, m.Name()+"{"+s+"}")
		default:
			out = append(out, m.Name()+":"+v.Type().String())
		}
	}
	return strings.Join(out, ","), m.Err()
}

func decodeItem(body string, f func(m *ddbjson.Map) error) error {
	return (&ddbjson.ItemResult{Item: &funcSink{f}}).DecodeResponse([]byte(`{"Item":` + body + `}`))
}

func TestMapFind(t *testing.T) {
	for _, c := range []struct {
		body, want string // want: type:text, or "" when not found
		last       string // FindLast's, when not want
	}{
		{`{"_et":{"S":"order"},"a":{"S":"1"}}`, "S:order", ""},
		{`{"a":{"S":"1"},"_et":{"S":"order"}}`, "S:order", ""},
		{`{"m":{"M":{"_et":{"S":"x"}}},"l":{"L":[{"S":"_et"},{"M":{"_et":{"S":"z"}}}]},"_et":{"S":"y"}}`, "S:y", ""},
		{`{"m":{"M":{"_et":{"S":"x"}}}}`, "", ""},
		{`{"_et":{"S":"first"},"_et":{"S":"last"}}`, "S:first", "S:last"},
		{`{"\u005fet":{"S":"escaped name"}}`, "S:escaped name", ""},
		{`{"_et":{"S":"a\"b"}}`, `S:a"b`, ""},
		{`{"_et":{"N":"7"}}`, "N:7", ""},
		{`{"_et":{"NULL":true}}`, "NULL:", ""},
		{`{"_et" : { "S" : "spaced" } }`, "S:spaced", ""},
		{`{}`, "", ""},
	} {
		err := decodeItem(c.body, func(m *ddbjson.Map) error {
			typ, text, ok := m.Find("_et")
			got := ""
			if ok {
				got = typ.String() + ":" + text
			}
			if got != c.want {
				t.Errorf("%s: Find = %q, want %q", c.body, got, c.want)
			}
			typ, text, ok = m.FindLast("_et")
			got, want := "", c.want
			if ok {
				got = typ.String() + ":" + text
			}
			if c.last != "" {
				want = c.last
			}
			if got != want {
				t.Errorf("%s: FindLast = %q, want %q", c.body, got, want)
			}
			all, err := names(m) // m has not moved: every attribute is read
			if err != nil {
				return err
			}
			if c.body != `{}` && all == "" {
				t.Errorf("%s: nothing left after Find", c.body)
			}
			return nil
		})
		if err != nil {
			t.Errorf("%s: %v", c.body, err)
		}
	}
	// Find looks only at what m has not read.
	err := decodeItem(`{"_et":{"S":"read"},"a":{"S":"1"}}`, func(m *ddbjson.Map) error {
		m.Next()
		if _, _, ok := m.Find("_et"); ok {
			t.Error("Find found an attribute m had read")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A malformed body: found if before the flaw, and m meets the error.
	for _, body := range []string{`{"_et":{"S":"o"},"x":{"S":1}}`, `{"x":{"Q":"1"},"_et":{"S":"o"}}`, `{"x":{"S":"1"},"_et":{"S":"o"`} {
		err := decodeItem(body, func(m *ddbjson.Map) error {
			m.Find("_et")
			_, err := names(m)
			return err
		})
		if !errors.Is(err, ddbjson.ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", body, err)
		}
	}
}

func TestMapRewind(t *testing.T) {
	body := `{"a":{"S":"1"},"m":{"M":{"x":{"S":"2"},"y":{"M":{}}}},"l":{"L":[{"S":"3"}]},"_et":{"S":"o"}}`
	want := "a=1,m{x=2,y{}},l:L,_et=o"
	err := decodeItem(body, func(m *ddbjson.Map) error {
		k := m.Mark()
		for try := range 3 {
			got, err := names(m)
			if err != nil || got != want {
				return fmt.Errorf("try %d: %q, %v; want %q", try, got, err, want)
			}
			m.Rewind(k)
		}
		// A mark in the middle.
		m.Next()
		k = m.Mark()
		first, _ := names(m)
		m.Rewind(k)
		again, err := names(m)
		if err != nil || first != again || first != "m{x=2,y{}},l:L,_et=o" {
			return fmt.Errorf("from the middle: %q then %q (%v)", first, again, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// An error met after the mark is met again after the rewind.
	err = decodeItem(`{"a":{"S":"1"},"b":{"S":2}}`, func(m *ddbjson.Map) error {
		k := m.Mark()
		if _, err := names(m); !errors.Is(err, ddbjson.ErrMalformed) {
			return fmt.Errorf("first pass: %v", err)
		}
		m.Rewind(k)
		_, err := names(m)
		return err
	})
	if !errors.Is(err, ddbjson.ErrMalformed) {
		t.Fatalf("second pass: %v", err)
	}
}

// letters holds two members as an entity decoder would: member 0 refuses
// an item without "_et" one, member 1 one without "_et" two or (a keys-only
// item) attribute k, as another entity's.
type letters struct{ got []string }

func (p *letters) Reset() { p.got = nil }

func (p *letters) AddJSON(member int, m *ddbjson.Map) error {
	s, err := names(m)
	if err != nil {
		return err
	}
	if member == 0 && !strings.Contains(s, "_et=one") || member == 1 && !strings.Contains(s, "_et=two") && !strings.Contains(s, "k=") {
		return fmt.Errorf("%w: not %d", ddb.ErrForeignItem, member)
	}
	p.got = append(p.got, fmt.Sprintf("%d:%s", member, s))
	return nil
}

func TestCollectionSink(t *testing.T) {
	body := `{"Items":[` +
		`{"a":{"S":"1"},"_et":{"S":"one"}},` +
		`{"_et":{"S":"two"},"b":{"S":"2"}},` +
		`{"_et":{"S":"three"}},` + // of no member: skipped
		`{"_et":{"N":"1"}},` + // a type that is not an S: skipped
		`{"k":{"S":"keys"}},` + // no type: the first member that takes it
		`{"z":{"S":"keys"}}` + // no type, no member takes it: skipped
		`]}`
	page := &letters{}
	c := &ddbjson.Collection{Name: "c", TypeAttr: "_et", Members: []string{"one", "two"}, Page: page}
	if err := (&ddbjson.Page{Items: c}).DecodeResponse([]byte(body)); err != nil {
		t.Fatal(err)
	}
	want := "0:a=1,_et=one 1:_et=two,b=2 1:k=keys"
	if got := strings.Join(page.got, " "); got != want || c.Skipped != 3 {
		t.Fatalf("got %q, %d skipped; want %q, 3 skipped", got, c.Skipped, want)
	}
	c.Strict = true
	if err := (&ddbjson.Page{Items: c}).DecodeResponse([]byte(body)); !errors.Is(err, ddb.ErrForeignItem) {
		t.Fatalf("strict: %v", err)
	}
	// A malformed item is an error, whoever it belongs to.
	for _, bad := range []string{`{"Items":[{"a":{"S":1},"_et":{"S":"one"}}]}`, `{"Items":[{"a":{"S":1}}]}`, `{"Items":[{"_et":{"S":"three"},"a":{"S":1}}]}`} {
		c.Strict = false
		if err := (&ddbjson.Page{Items: c}).DecodeResponse([]byte(bad)); !errors.Is(err, ddbjson.ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", bad, err)
		}
	}
}
