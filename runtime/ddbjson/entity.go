package ddbjson

import (
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/keys"
)

// The helpers of the JSON methods of single-table entities (structs
// declared dynamo:"entity=x,in=T"). An entity item holds, beside its
// fields, its key attributes (built from the key templates) and the type
// attribute. UnmarshalItem (ddb.Entity.Decode) first checks that the item is
// one of the entity's (ddb.Entity.Owns), then decodes the fields, then
// recovers from the keys the template fields the item lacks (an item of a
// KEYS_ONLY or INCLUDE index). A body gives the attributes in any order, so
// the generated DecodeJSONItem notes the key and type attributes as they
// pass (EntityItem.Field) and decides at the end of the item (EntityItem.End)
// as Decode decides on the whole map:
//
//	func (v *Order) DecodeJSONItem(m *ddbjson.Map) error {
//		it := ddbjson.EntityItem{Fields: orderJSON}
//		for m.Next() {
//			i := it.Field(m)
//			var err error
//			switch i { ...the fields, as a table struct's DecodeJSONItem... }
//			if err != nil {
//				it.Fail(i, err)
//			}
//		}
//		return it.End(m, v.setKeyField)
//	}
//
// An item of another entity is an error wrapping ddb.ErrForeignItem, the
// sentinel UnmarshalItem's error wraps, whatever else is wrong with the item
// (as Decode checks the owner first): a store or a page decoder skips such an
// item with the same errors.Is test on both paths, and needs no second
// generated method. Unlike UnmarshalItem, the fields met before the type
// attribute may already be written when the error comes: the caller drops
// the value (as it drops any value whose decoding failed).

// EntityFields is what the generated decoder of one entity knows of its
// items' attributes, built once per entity (NewEntityFields).
type EntityFields struct {
	e     *ddb.Entity
	names []string // the fields' attribute names, in field order
	// watch are the attributes that are not fields: the entity's key
	// attributes (in e.Keys order), the type attribute, then the table's
	// key attributes the entity does not fill.
	watch []watched
	// tmpl maps a field's index to its bit in EntityItem.exact when the
	// field is in a key template (-1 otherwise); keyBits maps each
	// template field of e.Keys[i].Fields[j] to that bit.
	tmpl    []int8
	keyBits [][]int8
	// sigs are the signatures (nameSig) of the watched names, then of the
	// fields' names: comparing integers first, Field compares strings
	// only with the one name that may be equal.
	sigs []uint32
}

// nameSig is a cheap digest of a name: its length and its first and last
// bytes.
func nameSig(s string) uint32 {
	if s == "" {
		return 0
	}
	return uint32(len(s))<<16 | uint32(s[0])<<8 | uint32(s[len(s)-1])
}

type watched struct {
	name string
	role int // >= 0: e.Keys[role]; roleType; roleOther
}

const (
	roleType  = -1
	roleOther = -2
)

// NewEntityFields describes entity e, whose fields have the attribute names
// names (in field order), to its generated DecodeJSONItem.
func NewEntityFields(e *ddb.Entity, names []string) *EntityFields {
	f := &EntityFields{e: e, names: names, tmpl: make([]int8, len(names))}
	for i := range f.tmpl {
		f.tmpl[i] = -1
	}
	add := func(name string, role int) {
		f.watch = append(f.watch, watched{name: name, role: role})
	}
	bits := 0
	for _, ka := range e.Keys {
		add(ka.Attr, len(f.watch))
		kb := make([]int8, len(ka.Fields))
		for j, name := range ka.Fields {
			kb[j] = -1
			for i, n := range names {
				if n != name {
					continue
				}
				// (A 65th template field would never be recovered from the
				// keys; key templates hold a handful.)
				if f.tmpl[i] < 0 && bits < 64 {
					f.tmpl[i] = int8(bits)
					bits++
				}
				kb[j] = f.tmpl[i]
			}
		}
		f.keyBits = append(f.keyBits, kb)
	}
	add(e.TypeAttr, roleType)
	s := &e.Table.Schema
	others := []string{s.PK.Name, s.SK.Name}
	for _, ix := range s.LSIs {
		others = append(others, ix.PK.Name, ix.SK.Name)
	}
	for _, ix := range s.GSIs {
		others = append(others, ix.PK.Name, ix.SK.Name)
	}
	for _, name := range others {
		if name == "" || name == e.TypeAttr || f.isWatched(name) {
			continue
		}
		add(name, roleOther)
	}
	for _, w := range f.watch {
		f.sigs = append(f.sigs, nameSig(w.name))
	}
	for _, n := range names {
		f.sigs = append(f.sigs, nameSig(n))
	}
	return f
}

func (f *EntityFields) isWatched(name string) bool {
	for _, w := range f.watch {
		if w.name == name {
			return true
		}
	}
	return false
}

// inlineKeys is how many key texts an EntityItem holds without allocating.
const inlineKeys = 8

// EntityItem is the state of decoding one entity item (see the top of this
// file); it lives on the generated decoder's stack.
type EntityItem struct {
	Fields *EntityFields

	keys    [inlineKeys]string // the text of key attribute i, when an S
	more    []string           // keys past inlineKeys
	present uint64             // key attribute i is in the item
	isS     uint64             // ... as an S
	typ     string
	typSeen bool
	typS    bool
	other   bool   // a key attribute of the table the entity does not fill
	exact   uint64 // template fields in the item under their exact name
	rank    int    // of the field Field returned last: its index, plus len(names) if matched under case folding
	err     error  // the field error UnmarshalItem would return
	errRank int    // the rank of err's field
}

// Field returns the index of the field of the current attribute of m, as
// FieldIndex does, or -1 when it is not one to decode: an attribute the
// entity does not have, its key and type attributes (which it notes), or,
// once a field failed, a field UnmarshalItem would decode after that one
// (so that the error reported is UnmarshalItem's: the first field in field
// order with its exact name, then those matched under case folding).
func (it *EntityItem) Field(m *Map) int {
	f := it.Fields
	rank := -1
	var name string
	if m.escaped {
		name = m.Name()
	} else {
		name = m.r.s[m.start:m.end]
	}
	sig := nameSig(name)
	for j, s := range f.sigs {
		if s == sig {
			if rank = it.match(m, j, name); rank != -1 {
				break
			}
		}
	}
	if rank == -2 {
		return -1
	}
	if rank < 0 {
		name := m.Name()
		for i, n := range f.names {
			if strings.EqualFold(name, n) {
				rank = len(f.names) + i
				break
			}
		}
		if rank < 0 {
			return -1
		}
	}
	if it.err != nil && rank >= it.errRank {
		return -1
	}
	it.rank = rank
	return rank % len(f.names)
}

// match compares name with name number j of f.sigs: -2 for a watched name
// (its value noted), the field's index for a field's name, -1 if they
// differ.
func (it *EntityItem) match(m *Map, j int, name string) int {
	f := it.Fields
	if j < len(f.watch) {
		if f.watch[j].name != name {
			return -1
		}
		it.note(m.Value(), f.watch[j].role)
		return -2 // no field has its name, even under case folding (tags refuses one)
	}
	i := j - len(f.watch)
	if f.names[i] != name {
		return -1
	}
	if f.tmpl[i] >= 0 {
		it.exact |= 1 << f.tmpl[i]
	}
	return i
}

// note notes the value of the key attribute role (or the type attribute,
// or another key attribute of the table).
func (it *EntityItem) note(v *Value, role int) {
	switch {
	case role >= 0:
		it.present |= 1 << role
		if v.typ == TypeS {
			it.isS |= 1 << role
			it.setKey(role, v.r.text(v.start, v.end, v.escaped))
		} else {
			it.isS &^= 1 << role
		}
	case role == roleType:
		it.typSeen, it.typS = true, v.typ == TypeS
		it.typ = ""
		if it.typS {
			it.typ = v.r.text(v.start, v.end, v.escaped)
		}
	default:
		it.other = true
	}
}

func (it *EntityItem) setKey(i int, s string) {
	if i < inlineKeys {
		it.keys[i] = s
		return
	}
	if it.more == nil {
		it.more = make([]string, len(it.Fields.e.Keys)-inlineKeys)
	}
	it.more[i-inlineKeys] = s
}

func (it *EntityItem) key(i int) string {
	if i < inlineKeys {
		return it.keys[i]
	}
	return it.more[i-inlineKeys]
}

// Fail records the error of decoding field i, the field Field returned
// last (see Field for which error counts).
func (it *EntityItem) Fail(i int, err error) {
	it.err, it.errRank = ddb.DecodeAt(it.Fields.names[i], err), it.rank
}

// End ends the item once m has no more attributes: a malformed body is
// m's error; an item the entity does not own, an error wrapping
// ddb.ErrForeignItem; then the first field error; then the template fields
// the item lacks are recovered from its keys through setKey (the generated
// setKeyField), all as ddb.Entity.Decode does.
func (it *EntityItem) End(m *Map, setKey func(attr, text string) error) error {
	if err := m.Err(); err != nil {
		return err
	}
	e := it.Fields.e
	if !it.owned() {
		if it.typS {
			return fmt.Errorf("%w: the item's %s is %q, not %q", ddb.ErrForeignItem, e.TypeAttr, it.typ, e.Name)
		}
		if it.typSeen {
			return fmt.Errorf("%w: the item's %s is not a string, so not %q", ddb.ErrForeignItem, e.TypeAttr, e.Name)
		}
		return fmt.Errorf("%w: the item has no %s and its keys are not %s keys", ddb.ErrForeignItem, e.TypeAttr, e.Name)
	}
	if it.err != nil {
		return it.err
	}
	var buf [8]string
	var done uint64 // template fields recovered
	for i := range e.Keys {
		if it.isS&(1<<i) == 0 {
			continue
		}
		ka := &e.Keys[i]
		var texts []string
		for j, bit := range it.Fields.keyBits[i] {
			if bit < 0 || (it.exact|done)&(1<<bit) != 0 || ka.Template.Fields[j].Case != keys.CaseKeep {
				// Present, recovered, or case-mapped (not the field's
				// value: another template may hold it as is).
				continue
			}
			if texts == nil {
				var err error
				if texts, err = ka.Template.Split(buf[:0], it.key(i)); err != nil {
					return ddb.DecodeAt(ka.Attr, err)
				}
			}
			if err := setKey(ka.Fields[j], texts[j]); err != nil {
				return ddb.DecodeAt(ka.Attr, err)
			}
			done |= 1 << bit
		}
	}
	return nil
}

// owned is ddb.Entity.Owns on the attributes noted: the type attribute
// names the entity or, when the item has none, it has no key attribute the
// entity does not fill, and each of its key attributes splits by the
// entity's template.
func (it *EntityItem) owned() bool {
	e := it.Fields.e
	if it.typSeen {
		return it.typS && it.typ == e.Name
	}
	if it.other || it.present&^it.isS != 0 {
		return false
	}
	var buf [8]string
	for i := range e.Keys {
		if it.present&(1<<i) == 0 {
			continue
		}
		if _, err := e.Keys[i].Template.Split(buf[:0], it.key(i)); err != nil {
			return false
		}
	}
	return it.present != 0
}

// WriteEntityKeys writes the key attributes an entity item is written with,
// built by ks in buf, and its type attribute: what ddb.Entity.Item adds to
// the map MarshalItem returns, under the same rules (a sparse index's keys
// left out, a key error an *ddb.InputError).
func WriteEntityKeys(w *Writer, e *ddb.Entity, ks *ddb.KeySet, buf []byte) error {
	omit, err := e.KeysLeftOut(ks)
	if err != nil {
		return err
	}
	for i := range e.Keys {
		if omit&(1<<i) != 0 {
			continue
		}
		w.Name(e.Keys[i].Attr)
		k := ks.Key(buf, i)
		w.S(unsafe.String(unsafe.SliceData(k), len(k)))
	}
	w.Name(e.TypeAttr)
	w.S(e.Name)
	return nil
}

// SkipForeign is the sink of a page of an entity's query or scan: Items
// (or any ItemSink that keeps nothing of an item it fails to decode), except
// that an item of another entity (an error wrapping ddb.ErrForeignItem) is
// skipped and counted, as ddb's entity queries skip the items their entity
// does not own; with Strict (ddb.StrictEntities) it is the error.
type SkipForeign struct {
	Items   ItemSink
	Strict  bool
	Skipped int
}

// Reset implements ItemSink.
func (s *SkipForeign) Reset() {
	s.Skipped = 0
	s.Items.Reset()
}

// Grow passes a page's Count on to Items.
func (s *SkipForeign) Grow(n int) {
	if g, ok := s.Items.(interface{ Grow(int) }); ok {
		g.Grow(n)
	}
}

// DecodeItem implements ItemSink.
func (s *SkipForeign) DecodeItem(m *Map) error {
	err := s.Items.DecodeItem(m)
	if err != nil && !s.Strict && errors.Is(err, ddb.ErrForeignItem) {
		s.Skipped++
		return nil
	}
	return err
}
