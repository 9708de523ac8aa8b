package ddbjson

import (
	"errors"
	"fmt"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// A collection page: one query answer holding the items of several
// entities of a single-table design (a customer's profile, orders and order
// lines), each decoded into its own member type. The member of an item is
// named by its type attribute, which a body may give after the attributes
// that must be decoded into that member's type: Map.Find looks ahead for
// it (up to its first occurrence) without moving the map, so the item is
// still read once, straight into its type. An item without a type attribute (a KEYS_ONLY index's) is tried
// as each member in turn, rewinding the map between tries (Map.Mark,
// Map.Rewind): the first member whose decoder does not refuse it as another
// entity's (ddb.ErrForeignItem) owns it, as ddb.Collection.Member picks the
// first member that owns its keys.

// Find looks for the attribute name among the attributes of m not yet read
// and returns the type and, for an S or N, the text of its first
// occurrence, without moving m. ok is false when there is no such
// attribute, or when the body is malformed before it (m meets the error
// when it gets there).
func (m *Map) Find(name string) (t Type, text string, ok bool) { return m.find(name, false) }

// FindLast is Find for the last occurrence of name: the one the SDK's map
// of the item keeps, when the body holds two.
func (m *Map) FindLast(name string) (t Type, text string, ok bool) { return m.find(name, true) }

func (m *Map) find(name string, last bool) (t Type, text string, ok bool) {
	if m.done || m.r.err != nil {
		return TypeNone, "", false
	}
	sc := *m.r // a copy: m and its scanner do not move
	var v Value
	for first := m.first; sc.more(first, '}'); first = false {
		start, end, escaped := sc.str()
		sc.eat(':')
		readAV(&sc, &v)
		if sc.err != nil {
			break
		}
		if escaped && unescape(sc.b[start:end]) != name || !escaped && sc.s[start:end] != name {
			continue
		}
		t, text, ok = v.typ, "", true
		if v.typ == TypeS || v.typ == TypeN {
			text = sc.text(v.start, v.end, v.escaped)
		}
		if !last {
			break
		}
	}
	return t, text, ok
}

// Mark is a place among the attributes of a Map to come back to.
type Mark struct {
	m  Map
	sc scanner
}

// Mark returns the place of m, for Rewind. Nested values read after it
// (Value.L, Value.M) must not be used after the rewind.
func (m *Map) Mark() Mark { return Mark{m: *m, sc: *m.r} }

// Rewind moves m back to k, a Mark of m: the attributes after it are read
// again (and an error met after it is forgotten until met again).
func (m *Map) Rewind(k Mark) {
	r := m.r
	*m = k.m
	m.r = r
	*m.r = k.sc
}

// CollectionMembers is what a collection page implements for Collection
// (generated, per collection: a switch over the members' DecodeJSONItem).
type CollectionMembers interface {
	// Reset forgets the items of an earlier attempt of the request.
	Reset()
	// AddJSON decodes the item of m as member number member and adds it to
	// the page; it adds nothing when the decoding fails.
	AddJSON(member int, m *Map) error
}

// Collection is the ItemSink of a collection page: it gives each item to
// the member its type attribute names (or, without one, to the first
// member that does not refuse it as another entity's). An item of no member
// is skipped and counted, or with Strict (ddb.StrictEntities) an error
// wrapping ddb.ErrForeignItem.
type Collection struct {
	Name     string   // the collection, for errors
	TypeAttr string   // the table's type attribute
	Members  []string // the member entities' names, in member order
	Page     CollectionMembers
	Strict   bool
	Skipped  int // items of no member skipped
}

// Reset implements ItemSink.
func (c *Collection) Reset() {
	c.Skipped = 0
	c.Page.Reset()
}

// DecodeItem implements ItemSink.
func (c *Collection) DecodeItem(m *Map) error {
	k := m.Mark()
	if t, name, found := m.Find(c.TypeAttr); found {
		if i := c.member(t, name); i >= 0 {
			err := c.Page.AddJSON(i, m)
			if !errors.Is(err, ddb.ErrForeignItem) {
				return err
			}
			// The item has a second type attribute, which the SDK's map
			// keeps: decode it as that one's member, if any.
			m.Rewind(k)
		}
		t, name, _ = m.FindLast(c.TypeAttr)
		if i := c.member(t, name); i >= 0 {
			return c.Page.AddJSON(i, m)
		}
		return c.foreign()
	}
	for i := range c.Members {
		err := c.Page.AddJSON(i, m)
		if !errors.Is(err, ddb.ErrForeignItem) {
			return err
		}
		m.Rewind(k)
	}
	return c.foreign()
}

// member is the member a type attribute of type t and text name names, or -1.
func (c *Collection) member(t Type, name string) int {
	if t == TypeS {
		for i, n := range c.Members {
			if n == name {
				return i
			}
		}
	}
	return -1
}

func (c *Collection) foreign() error {
	if c.Strict {
		return fmt.Errorf("%w: the item is of no member of collection %s", ddb.ErrForeignItem, c.Name)
	}
	c.Skipped++
	return nil
}
