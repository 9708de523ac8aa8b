package keys

import (
	"strconv"
	"strings"
)

// byteSet is a set of bytes.
type byteSet [4]uint64

func (s *byteSet) add(c byte)      { s[c>>6] |= 1 << (c & 63) }
func (s *byteSet) has(c byte) bool { return s[c>>6]&(1<<(c&63)) != 0 }
func (s byteSet) and(o byteSet) byteSet {
	return byteSet{s[0] & o[0], s[1] & o[1], s[2] & o[2], s[3] & o[3]}
}
func (s byteSet) empty() bool { return s[0]|s[1]|s[2]|s[3] == 0 }

func oneByte(c byte) byteSet { var s byteSet; s.add(c); return s }

func byteRange(lo, hi byte) byteSet {
	var s byteSet
	for c := int(lo); c <= int(hi); c++ {
		s.add(byte(c))
	}
	return s
}

var digitSet = byteRange('0', '9')

// pick returns a readable byte of a non-empty set.
func (s byteSet) pick() byte {
	for _, c := range []byte("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_.:") {
		if s.has(c) {
			return c
		}
	}
	for c := 0x20; c < 256; c++ {
		if s.has(byte(c)) {
			return byte(c)
		}
	}
	for c := 0; c < 0x20; c++ {
		if s.has(byte(c)) {
			return byte(c)
		}
	}
	return 0
}

// elem is one step of a template's key language: one byte of set, or (star)
// any number of them.
type elem struct {
	set  byteSet
	star bool
}

// language over-approximates the keys a bound template can produce as a
// sequence of elems (a superset, so a proof of disjointness on it holds for
// the real keys), and returns where each query prefix ends: ends[k] is the
// elem index just past Literals[k], for k < len(Fields) (the begins_with
// prefixes of Prefix with k fields), -1 where that prefix is empty.
func (t *Template) language() (es []elem, ends []int) {
	lit := func(s string) {
		for i := 0; i < len(s); i++ {
			es = append(es, elem{set: oneByte(s[i])})
		}
	}
	digits := func(n int) {
		for i := 0; i < n; i++ {
			es = append(es, elem{set: digitSet})
		}
	}
	sign := oneByte('0')
	sign.add('-')
	var text byteSet
	for c := 0x20; c < 256; c++ {
		if byte(c) != t.Sep {
			text.add(byte(c))
		}
	}
	for i, p := range t.Fields {
		lit(t.Literals[i].Text)
		if len(es) == 0 {
			ends = append(ends, -1)
		} else {
			ends = append(ends, len(es))
		}
		switch p.Enc {
		case EncInt:
			es = append(es, elem{set: sign})
			digits(19)
		case EncUint:
			digits(20)
		case EncFixed:
			es = append(es, elem{set: sign})
			if p.Decimals == 0 {
				digits(19)
			} else {
				digits(19 - p.Decimals)
				lit(".")
				digits(p.Decimals)
			}
		case EncTime:
			digits(4)
			lit("-")
			digits(2)
			lit("-")
			digits(2)
			lit("T")
			digits(2)
			lit(":")
			digits(2)
			lit(":")
			digits(2)
			lit(".")
			digits(9)
			lit("Z")
		default:
			es = append(es, elem{set: text}, elem{set: text, star: true})
		}
	}
	lit(t.Literals[len(t.Fields)].Text)
	return es, ends
}

// Relation is a witness that two templates' keys meet.
type Relation struct {
	// Key is a key the first template can produce (for Equal, both can).
	Key string
	// Prefix, for the prefix relations, is the other template's query prefix
	// that Key begins with, and Fields the number of fields that query sets
	// equal (0: the other template's literal prefix alone).
	Prefix string
	Fields int
}

// Overlap is how the keys of two templates A and B (filling the same key
// attribute of the same index) can meet. A nil relation is proven impossible.
type Overlap struct {
	A, B *Template
	// Equal: some key of A is also a key of B, so an item's entity would not
	// be known from its key.
	Equal *Relation
	// AInB: some key of A begins with a prefix that a query of B uses
	// (Prefix with fewer fields than B has, and so every Range of B too):
	// B's queries can return A's items. Hierarchical keys (a collection) have
	// this relation without Equal.
	AInB *Relation
	// BInA: the same with A and B swapped (Key is a key of B).
	BInA *Relation
}

// Disjoint reports whether no key of one template equals or extends a query
// prefix of the other.
func (o Overlap) Disjoint() bool { return o.Equal == nil && o.AInB == nil && o.BInA == nil }

// Explain describes the overlap in one sentence per relation, for error
// messages; "" when Disjoint.
func (o Overlap) Explain() string {
	var parts []string
	if o.Equal != nil {
		parts = append(parts, "key "+strconv.Quote(o.Equal.Key)+" fits both "+strconv.Quote(o.A.Source)+" and "+strconv.Quote(o.B.Source))
	}
	if o.AInB != nil {
		parts = append(parts, "key "+strconv.Quote(o.AInB.Key)+" of "+strconv.Quote(o.A.Source)+" begins with "+strconv.Quote(o.AInB.Prefix)+", which a query of "+strconv.Quote(o.B.Source)+" on "+fieldsText(o.AInB.Fields)+" matches")
	}
	if o.BInA != nil {
		parts = append(parts, "key "+strconv.Quote(o.BInA.Key)+" of "+strconv.Quote(o.B.Source)+" begins with "+strconv.Quote(o.BInA.Prefix)+", which a query of "+strconv.Quote(o.A.Source)+" on "+fieldsText(o.BInA.Fields)+" matches")
	}
	return strings.Join(parts, "; ")
}

func fieldsText(n int) string {
	switch n {
	case 0:
		return "no field"
	case 1:
		return "its first field"
	}
	return "its first " + strconv.Itoa(n) + " fields"
}

// Compare decides, for two bound templates, whether a key of one can equal a
// key of the other and whether a key of one can begin with a query prefix of
// the other, with a witness key for each relation that holds. It is sound: it
// never reports a relation as impossible when keys that Builder accepts could
// meet. It reasons on each template's literals, on its fixed encodings'
// alphabets (digits, '-', the time layout) and on the rule that text values
// are not empty and never contain the separator, so CUSTOMER#{ID} and
// ORDER#{ID} are disjoint, ORDER#{ID} and ORDER#{OrderID}#ITEM#{N} have no
// equal key (their keys have different numbers of separators) but each
// begins with the other's "ORDER#" query prefix, and ORDER#PROFILE meets
// ORDER#{ID} when ID is text but not when it is an integer. Its witnesses may
// be keys only this over-approximation produces (a text value that the
// literal after it would begin inside, say).
func Compare(a, b *Template) Overlap {
	ea, endsA := a.language()
	eb, endsB := b.language()
	na, nb := len(ea)+1, len(eb)+1
	// BFS over pairs of positions; parent links rebuild the common text.
	const unseen = -1
	parent := make([]int32, na*nb)
	via := make([]int16, na*nb) // byte consumed to reach the state, -1 for an epsilon step
	for i := range parent {
		parent[i] = unseen
	}
	start := 0
	parent[start] = int32(start)
	via[start] = -1
	queue := []int{start}
	visit := func(from, to int, c int16) {
		if parent[to] == unseen {
			parent[to] = int32(from)
			via[to] = c
			queue = append(queue, to)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		p, q := s/nb, s%nb
		if p < len(ea) && ea[p].star {
			visit(s, (p+1)*nb+q, -1)
		}
		if q < len(eb) && eb[q].star {
			visit(s, p*nb+q+1, -1)
		}
		if p < len(ea) && q < len(eb) {
			both := ea[p].set.and(eb[q].set)
			if !both.empty() {
				p2, q2 := p+1, q+1
				if ea[p].star {
					p2 = p
				}
				if eb[q].star {
					q2 = q
				}
				visit(s, p2*nb+q2, int16(both.pick()))
			}
		}
	}
	text := func(s int) string {
		var rev []byte
		for s != 0 {
			if c := via[s]; c >= 0 {
				rev = append(rev, byte(c))
			}
			s = int(parent[s])
		}
		for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
			rev[i], rev[j] = rev[j], rev[i]
		}
		return string(rev)
	}
	complete := func(es []elem, from int) string {
		var out []byte
		for _, e := range es[from:] {
			if !e.star {
				out = append(out, e.set.pick())
			}
		}
		return string(out)
	}
	o := Overlap{A: a, B: b}
	if end := (na-1)*nb + nb - 1; parent[end] != unseen {
		o.Equal = &Relation{Key: text(end)}
	}
	o.AInB = prefixWitness(ends(endsB), na, nb, func(p, q int) int { return p*nb + q }, parent, text, func(s string, p int) string { return s + complete(ea, p) })
	o.BInA = prefixWitness(ends(endsA), nb, na, func(q, p int) int { return p*nb + q }, parent, text, func(s string, q int) string { return s + complete(eb, q) })
	return o
}

type ends []int

// prefixWitness finds a reached state where the other template sits at the
// end of one of its query prefixes; this template may be anywhere (its key
// then completes from there). Shortest prefixes first.
func prefixWitness(otherEnds ends, nThis, nOther int, state func(this, other int) int, parent []int32, text func(int) string, finish func(string, int) string) *Relation {
	for k, e := range otherEnds {
		if e < 0 {
			continue
		}
		for p := 0; p < nThis; p++ {
			s := state(p, e)
			if parent[s] == -1 {
				continue
			}
			common := text(s)
			return &Relation{Key: finish(common, p), Prefix: common, Fields: k}
		}
	}
	return nil
}
