package ddbjson_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/internal/benchtest"
	"github.com/stelviogen/stelviogen/runtime/ddbjson"
)

var (
	outerNames = [...]string{"a", "bb", "cc", "status", "total", "items", "sub", "eight_ch", "sixteen_chars_xx", "a_name_longer_than_sixteen_bytes", strings.Repeat("n", 300),
		"totaL", "tota", "eight_cH", "Xight_ch", "sixteen_chars_xy", "Xixteen_chars_xx", "sixteen_chXrs_xx", "a_name_longer_than_sixteen_byteZ",
		"a_name_longer_thXn_sixteen_bytes", strings.Repeat("n", 299) + "N", ""}
	innerNames = [...]string{"x", "status", "cc", "bb"}
)

// wantIndex is FieldIndex's rule, searched afresh: the exact name, else the
// first name equal under case folding, else -1.
func wantIndex(name string, names []string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	for i, n := range names {
		if strings.EqualFold(name, n) {
			return i
		}
	}
	return -1
}

// indexChecker checks FieldIndex on every attribute of an item and of its
// "sub" M (another names table at the next level).
type indexChecker struct{ bad []string }

func (c *indexChecker) DecodeJSONItem(m *ddbjson.Map) error {
	return c.walk(m, outerNames[:], 0)
}

func (c *indexChecker) walk(m *ddbjson.Map, names []string, depth int) error {
	for m.Next() {
		name := m.Name()
		if got, want := ddbjson.FieldIndex(m, names), wantIndex(name, names); got != want {
			c.bad = append(c.bad, fmt.Sprintf("%q at depth %d: %d, want %d", name, depth, got, want))
		}
		if v := m.Value(); v.Type() == ddbjson.TypeM {
			sub, err := v.M()
			if err != nil {
				return err
			}
			if err := c.walk(sub, innerNames[:], depth+1); err != nil {
				return err
			}
		}
	}
	return m.Err()
}

// FieldIndex tries the field the same position had in the item before:
// items whose attributes come in changing orders, case-folded, unknown or
// escaped names, and another names table one level down still get the
// index the rule gives.
func TestFieldIndexFollowsTheRule(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	pool := []string{"a", "bb", "cc", "status", "total", "items", "STATUS", "Total", "zz", `st\u0061tus`, "x", "X", "",
		"eight_ch", "eight_cH", "sixteen_chars_xx", "sixteen_chars_xy", "a_name_longer_than_sixteen_bytes", "a_name_longer_than_sixteen_byteZ",
		strings.Repeat("n", 300), strings.Repeat("n", 299) + "N"}
	var b strings.Builder
	b.WriteString(`{"Items":[`)
	for i := range 300 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('{')
		// The same order for runs of items, then another.
		r := rand.New(rand.NewPCG(uint64(i/7), 5))
		n := 1 + r.IntN(20)
		for j := range n {
			if j > 0 {
				b.WriteByte(',')
			}
			if r.IntN(6) == 0 {
				fmt.Fprintf(&b, `"sub":{"M":{`)
				for k := range 1 + rnd.IntN(4) {
					if k > 0 {
						b.WriteByte(',')
					}
					fmt.Fprintf(&b, `"%s":{"S":"v"}`, pool[rnd.IntN(len(pool))])
				}
				b.WriteString(`}}`)
				continue
			}
			fmt.Fprintf(&b, `"%s":{"N":"%d"}`, pool[r.IntN(len(pool))], j)
		}
		b.WriteByte('}')
	}
	b.WriteString(`]}`)
	items := &ddbjson.Items[indexChecker, *indexChecker]{}
	if err := (&ddbjson.Page{Items: items}).DecodeResponse([]byte(b.String())); err != nil {
		t.Fatal(err)
	}
	for i, it := range items.Items {
		for _, bad := range it.bad {
			t.Errorf("item %d: %s", i, bad)
		}
	}
}

// The string slices of a page's items are cut from shared arrays: each
// one's capacity is its length, so appending to one item's strings leaves
// the next item's alone.
func TestStringSlicesDoNotShare(t *testing.T) {
	items := &ddbjson.Items[benchtest.Order, *benchtest.Order]{}
	if err := (&ddbjson.Page{Items: items}).DecodeResponse(benchtest.OrdersPage(40)); err != nil {
		t.Fatal(err)
	}
	for i := range items.Items {
		if it := items.Items[i].Items; len(it) != 3 || cap(it) != len(it) {
			t.Fatalf("item %d: %q, capacity %d", i, it, cap(it))
		}
	}
	for i := range items.Items {
		items.Items[i].Items = append(items.Items[i].Items, "added")
	}
	for i := range items.Items {
		if want := benchtest.PageOrder(i).Items; !reflect.DeepEqual(items.Items[i].Items[:3], want) {
			t.Fatalf("item %d: %q, want %q", i, items.Items[i].Items, want)
		}
	}
}

var quotedNames = [...]string{`a"b`, "x"}

type quotedNamesItem struct{ got []int }

func (q *quotedNamesItem) DecodeJSONItem(m *ddbjson.Map) error {
	for m.Next() {
		q.got = append(q.got, ddbjson.FieldIndex(m, quotedNames[:]))
	}
	return m.Err()
}

// Names that share their first or last eight bytes, or all but one byte,
// follow one another at the same position: the guess must not take one for
// the other.
func TestFieldIndexTellsLookalikesApart(t *testing.T) {
	pairs := [][2]string{{"total", "totaL"}, {"total", "tota"}, {"eight_ch", "eight_cH"}, {"eight_ch", "Xight_ch"},
		{"sixteen_chars_xx", "sixteen_chars_xy"}, {"sixteen_chars_xx", "Xixteen_chars_xx"}, {"sixteen_chars_xx", "sixteen_chXrs_xx"},
		{"a_name_longer_than_sixteen_bytes", "a_name_longer_than_sixteen_byteZ"}, {"a_name_longer_than_sixteen_bytes", "a_name_longer_thXn_sixteen_bytes"},
		{strings.Repeat("n", 300), strings.Repeat("n", 299) + "N"}, {"a", ""}}
	for _, pair := range pairs {
		var b strings.Builder
		b.WriteString(`{"Items":[`)
		for i := range 6 {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"bb":{"N":"1"},"%s":{"S":"v"},"cc":{"N":"2"}}`, pair[i/2%2])
		}
		b.WriteString(`]}`)
		items := &ddbjson.Items[indexChecker, *indexChecker]{}
		if err := (&ddbjson.Page{Items: items}).DecodeResponse([]byte(b.String())); err != nil {
			t.Fatal(err)
		}
		for i, it := range items.Items {
			for _, bad := range it.bad {
				t.Errorf("%.20q: item %d: %s", pair, i, bad)
			}
		}
	}
}

// A name is only guessed from the raw bytes once it was matched without
// escapes: a field name holding a quote never matches the bytes of a
// broken body.
func TestGuessedNamesStayJSON(t *testing.T) {
	for _, body := range []string{
		`{"Items":[{"a\"b":{"S":"1"}},{"a\"b":{"S":"1"}},{"a"b":{"S":"1"}}]}`,
		`{"Items":[{"x":{"S":"1"},"a\"b":{"S":"1"}},{"x":{"S":"1"},"a"b":{"S":"1"}}]}`,
		`{"Items":[{"x":{"S":"1"}},{"a"b":{"S":"1"}}]}`,
	} {
		items := &ddbjson.Items[quotedNamesItem, *quotedNamesItem]{}
		if err := (&ddbjson.Page{Items: items}).DecodeResponse([]byte(body)); !errors.Is(err, ddbjson.ErrMalformed) {
			t.Errorf("%s: %v, %+v", body, err, items.Items)
		}
	}
	items := &ddbjson.Items[quotedNamesItem, *quotedNamesItem]{}
	if err := (&ddbjson.Page{Items: items}).DecodeResponse([]byte(`{"Items":[{"a\"b":{"S":"1"},"x":{"S":"1"}},{"a\"b":{"S":"1"},"x":{"S":"1"}}]}`)); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(items.Items); got != "[{[0 1]} {[0 1]}]" {
		t.Fatal(got)
	}
}

// Lists of any length, empty to longer than the largest shared array,
// come out whole, each its own.
func TestStringSlicesOfAnyLength(t *testing.T) {
	lengths := []int{0, 1, 3, 4, 5, 9, 0, 17, 600, 2, 31, 1100, 7}
	var b strings.Builder
	b.WriteString(`{"Items":[`)
	for i, n := range lengths {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"items":{"L":[`)
		for j := range n {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"S":"%d-%d"}`, i, j)
		}
		b.WriteString(`]}}`)
	}
	b.WriteString(`]}`)
	items := &ddbjson.Items[benchtest.Order, *benchtest.Order]{}
	if err := (&ddbjson.Page{Items: items}).DecodeResponse([]byte(b.String())); err != nil {
		t.Fatal(err)
	}
	for i, n := range lengths {
		got := items.Items[i].Items
		if got == nil || len(got) != n || cap(got) != n {
			t.Fatalf("item %d: %d strings (capacity %d, nil %v), want %d", i, len(got), cap(got), got == nil, n)
		}
		for j, s := range got {
			if s != fmt.Sprintf("%d-%d", i, j) {
				t.Fatalf("item %d string %d: %q", i, j, s)
			}
		}
	}
}
