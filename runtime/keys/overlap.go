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
// any number of them. pref, when set, is the byte a witness prefers (from an
// example value, so witnesses are real keys where possible).
type elem struct {
	set  byteSet
	star bool
	pref int16
}

// language over-approximates the keys a bound template can produce as a
// sequence of elems (a superset, so a proof of disjointness on it holds for
// the real keys), and the strings its queries select: one elem sequence per
// number k < len(Fields) of equal leading fields, nil where the query has no
// condition. The query on k fields is Prefix's condition; a Range on field k
// selects within it. A begins_with(P) selects P followed by anything: the
// sequence is P's elems. A BETWEEN P+lo and P+hi+U+10FFFF (fixed-width next
// field) selects P followed by a byte from lo[0] to hi[0] and anything: P's
// elems and that byte range (preferring hi[0], so that a witness ending there
// is selected: "A#0" is between "A#-0776627963145224192" and "A#09223372036854775807").
func (t *Template) language() (es []elem, queries [][]elem) {
	lit := func(s string) {
		for i := 0; i < len(s); i++ {
			es = append(es, elem{set: oneByte(s[i]), pref: int16(s[i])})
		}
	}
	// fixed appends one elem per byte of example, each with its class.
	fixed := func(example string, classes ...byteSet) {
		for i := 0; i < len(example); i++ {
			es = append(es, elem{set: classes[i], pref: int16(example[i])})
		}
	}
	digitsN := func(n int) []byteSet {
		out := make([]byteSet, n)
		for i := range out {
			out[i] = digitSet
		}
		return out
	}
	sign := oneByte('0')
	sign.add('-')
	var text byteSet
	for c := 0x20; c < 256; c++ {
		if byte(c) != t.Sep {
			text.add(byte(c))
		}
	}
	timeClasses := func() []byteSet {
		var cs []byteSet
		add := func(sets ...byteSet) { cs = append(cs, sets...) }
		add(digitsN(4)...)
		add(oneByte('-'), byteRange('0', '1'), digitSet, oneByte('-'), byteRange('0', '3'), digitSet, oneByte('T'))
		add(byteRange('0', '2'), digitSet, oneByte(':'), byteRange('0', '5'), digitSet, oneByte(':'), byteRange('0', '5'), digitSet, oneByte('.'))
		add(digitsN(9)...)
		add(oneByte('Z'))
		return cs
	}
	for i, p := range t.Fields {
		lit(t.Literals[i].Text)
		switch {
		case p.Width() > 0:
			lo, hi := p.extremes()
			q := append(append([]elem(nil), es...), elem{set: byteRange(lo[0], hi[0]), pref: int16(hi[0])})
			queries = append(queries, q)
		case len(es) == 0:
			queries = append(queries, nil)
		default:
			queries = append(queries, append([]elem(nil), es...))
		}
		switch p.Enc {
		case EncInt:
			fixed(FormatInt(0), append([]byteSet{sign}, digitsN(19)...)...)
		case EncUint:
			fixed(FormatUint(uint64(0)), digitsN(20)...)
		case EncFixed:
			cs := append([]byteSet{sign}, digitsN(19)...)
			if p.Decimals > 0 {
				cs = append(cs[:20-p.Decimals], append([]byteSet{oneByte('.')}, digitsN(p.Decimals)...)...)
			}
			fixed(withPoint(FormatInt(0), p.Decimals), cs...)
		case EncTime:
			fixed("2026-01-01T00:00:00.000000000Z", timeClasses()...)
		default:
			es = append(es, elem{set: text}, elem{set: text, star: true})
		}
	}
	lit(t.Literals[len(t.Fields)].Text)
	return es, queries
}

// choose picks the byte a witness takes from a non-empty set.
func choose(s byteSet, prefs ...int16) byte {
	for _, p := range prefs {
		if p > 0 && s.has(byte(p)) {
			return byte(p)
		}
	}
	return s.pick()
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
	// this relation without Equal. A query with no sort-key condition at all
	// (CondNone: no field given and no literal prefix, which
	// CheckLiteralPrefix refuses for sort keys) is not modelled.
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
// literal after it would begin inside, or an integer text out of range).
//
// For partition-key templates only Equal matters (a partition is always
// queried by its whole key); for sort keys, Equal means two entities cannot
// be told apart, and AInB or BInA that a query of one returns items of the
// other (a collection when intended).
func Compare(a, b *Template) Overlap {
	ea, qa := a.language()
	eb, qb := b.language()
	o := Overlap{A: a, B: b}
	if r := search(ea, eb); r.reached(len(ea), len(eb)) {
		o.Equal = &Relation{Key: r.text(len(ea), len(eb))}
	}
	o.AInB = prefixWitness(ea, qb, b)
	o.BInA = prefixWitness(eb, qa, a)
	return o
}

// prefixWitness finds a key of the language es that a query of the other
// template selects: the product of es with the query's sequence reaches the
// query's end, es anywhere (its key completes from there). Queries on fewer
// fields first.
func prefixWitness(es []elem, queries [][]elem, other *Template) *Relation {
	for k, q := range queries {
		if q == nil {
			continue
		}
		r := search(es, q)
		for p := 0; p <= len(es); p++ {
			if !r.reached(p, len(q)) {
				continue
			}
			common := r.text(p, len(q))
			prefix := common
			if other.Fields[k].Width() > 0 {
				prefix = common[:len(common)-1]
			}
			var rest []byte
			for _, e := range es[p:] {
				if !e.star {
					rest = append(rest, choose(e.set, e.pref))
				}
			}
			return &Relation{Key: common + string(rest), Prefix: prefix, Fields: k}
		}
	}
	return nil
}

// reach is a breadth-first search over pairs of positions in two elem
// sequences, consuming a byte both accept; parent links rebuild the text.
type reach struct {
	nb     int
	parent []int32
	via    []int16 // byte consumed to reach the state, -1 for an epsilon step
}

func search(ea, eb []elem) reach {
	na, nb := len(ea)+1, len(eb)+1
	r := reach{nb: nb, parent: make([]int32, na*nb), via: make([]int16, na*nb)}
	for i := range r.parent {
		r.parent[i] = -1
	}
	r.parent[0], r.via[0] = 0, -1
	queue := []int{0}
	visit := func(from, to int, c int16) {
		if r.parent[to] == -1 {
			r.parent[to], r.via[to] = int32(from), c
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
				visit(s, p2*nb+q2, int16(choose(both, ea[p].pref, eb[q].pref)))
			}
		}
	}
	return r
}

func (r reach) reached(p, q int) bool { return r.parent[p*r.nb+q] != -1 }

func (r reach) text(p, q int) string {
	var rev []byte
	for s := p*r.nb + q; s != 0; s = int(r.parent[s]) {
		if c := r.via[s]; c >= 0 {
			rev = append(rev, byte(c))
		}
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return string(rev)
}
