package ddb

import (
	"strconv"
	"strings"
)

// AttrPath locates an attribute in an item: a top-level attribute, a member
// of a map (or of a nested struct, stored as a map), or an element of a list.
// Generated handles carry one; users rarely build paths themselves.
type AttrPath struct {
	elems []pathElem
	table string // logical name of the table whose handle made it, "" when unknown
}

// pathElem is one step of a path: a name, or a list index.
type pathElem struct {
	name    string
	index   int
	isIndex bool
}

// Attr returns the path of the top-level attribute name.
func Attr(name string) AttrPath { return AttrPath{elems: []pathElem{{name: name}}} }

// TableAttr returns the path of the top-level attribute name of the table
// with logical name table: conditions and actions made from it are refused
// on other tables. Generated handles use it (not inlined: generated code
// calls it once per attribute, and inlining only grows the user's build).
//
//go:noinline
func TableAttr(table, name string) AttrPath {
	return AttrPath{elems: []pathElem{{name: name}}, table: table}
}

// Member returns the path of the map member (or nested struct field) name
// inside the attribute at p.
func (p AttrPath) Member(name string) AttrPath { return p.with(pathElem{name: name}) }

// Index returns the path of element i of the list at p.
func (p AttrPath) Index(i int) AttrPath { return p.with(pathElem{index: i, isIndex: true}) }

func (p AttrPath) with(e pathElem) AttrPath {
	elems := make([]pathElem, len(p.elems)+1)
	copy(elems, p.elems)
	elems[len(p.elems)] = e
	return AttrPath{elems: elems, table: p.table}
}

// TopLevel returns the name of the top-level attribute the path starts in.
func (p AttrPath) TopLevel() string {
	if len(p.elems) == 0 {
		return ""
	}
	return p.elems[0].name
}

// IsTopLevel reports whether the path is a top-level attribute.
func (p AttrPath) IsTopLevel() bool { return len(p.elems) == 1 }

// String renders the path for messages, e.g. shipping.lines[2].sku.
func (p AttrPath) String() string {
	var b strings.Builder
	for i, e := range p.elems {
		switch {
		case e.isIndex:
			b.WriteString("[" + strconv.Itoa(e.index) + "]")
		case i > 0:
			b.WriteString("." + e.name)
		default:
			b.WriteString(e.name)
		}
	}
	return b.String()
}

// expr renders the path through b: every name becomes an expression
// attribute name (#n0.#n1[2]), never spliced into the expression.
func (p AttrPath) expr(b *Builder) string {
	var s strings.Builder
	for i, e := range p.elems {
		switch {
		case e.isIndex:
			s.WriteString("[" + strconv.Itoa(e.index) + "]")
		case i > 0:
			s.WriteString(".")
			s.WriteString(b.Name(e.name))
		default:
			s.WriteString(b.Name(e.name))
		}
	}
	return s.String()
}

// overlaps reports whether one of p and q is the other or contains it
// (a and a.b; a[1] and a[1].c): DynamoDB refuses two update actions on such paths.
func (p AttrPath) overlaps(q AttrPath) bool {
	n := min(len(p.elems), len(q.elems))
	for i := 0; i < n; i++ {
		if p.elems[i] != q.elems[i] {
			return false
		}
	}
	return true
}

// Names returns the names along the path: the top-level attribute, then
// the members of maps (or nested structs); ok is false when the path goes
// through a list element.
func (p AttrPath) Names() (names []string, ok bool) {
	names = make([]string, len(p.elems))
	for i, e := range p.elems {
		if e.isIndex {
			return nil, false
		}
		names[i] = e.name
	}
	return names, true
}

// Table is the logical name of the table whose handle made the path ("" when unknown).
func (p AttrPath) Table() string { return p.table }

func (p AttrPath) equal(q AttrPath) bool {
	return len(p.elems) == len(q.elems) && p.overlaps(q)
}

// valid reports whether the path can be sent: it starts with a name, its
// names are not empty and its indexes not negative.
func (p AttrPath) valid() bool {
	if len(p.elems) == 0 || p.elems[0].isIndex {
		return false
	}
	for _, e := range p.elems {
		if (e.isIndex && e.index < 0) || (!e.isIndex && e.name == "") {
			return false
		}
	}
	return true
}
