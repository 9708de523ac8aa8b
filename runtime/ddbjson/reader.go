package ddbjson

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ErrMalformed is wrapped by every error about the bytes of a body: bad
// JSON, a truncated or oversized body, an attribute value that is not one of
// DynamoDB's ({"S": ...} with one known type tag and a value of its kind).
var ErrMalformed = errors.New("malformed DynamoDB JSON")

// SyntaxError is a malformed body: what is wrong, and at which byte offset.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("ddbjson: %s at offset %d", e.Msg, e.Offset)
}

// Unwrap makes it match ErrMalformed.
func (e *SyntaxError) Unwrap() error { return ErrMalformed }

// TypeError is an attribute value of another type than the one asked for.
type TypeError struct {
	Want, Got Type
}

func (e *TypeError) Error() string { return fmt.Sprintf("ddbjson: want %s, got %s", e.Want, e.Got) }

// MaxDepth bounds the nesting of a body, as DynamoDB bounds it (32 levels
// of attribute values, each two JSON levels, and the response around them).
const MaxDepth = 80

// Type is the type tag of an attribute value.
type Type uint8

// The attribute value types, as DynamoDB JSON tags them.
const (
	TypeNone Type = iota // not a value: an iterator's position before Next
	TypeS
	TypeN
	TypeB
	TypeBOOL
	TypeNULL
	TypeL
	TypeM
	TypeSS
	TypeNS
	TypeBS
)

var typeNames = [...]string{"none", "S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS"}

func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

// typeOf returns the Type of a tag.
func typeOf(tag []byte) Type {
	switch string(tag) {
	case "S":
		return TypeS
	case "N":
		return TypeN
	case "B":
		return TypeB
	case "BOOL":
		return TypeBOOL
	case "NULL":
		return TypeNULL
	case "L":
		return TypeL
	case "M":
		return TypeM
	case "SS":
		return TypeSS
	case "NS":
		return TypeNS
	case "BS":
		return TypeBS
	}
	return TypeNone
}

// scanner is the tokenizer: a position in a body it never copies. Strings
// without escapes are handed out as substrings of the body (see the package
// documentation); the first error stops it for good.
type scanner struct {
	b     []byte
	s     string // b as a string, sharing its bytes
	i     int
	depth int
	err   error
	pool  *iterPool
	// strict checks nested values as it passes them (settle), where
	// decoding passes over them with fastSkip and checks them later.
	strict bool
}

func newScanner(b []byte) scanner {
	return scanner{b: b, s: unsafe.String(unsafe.SliceData(b), len(b))}
}

func (r *scanner) fail(msg string) bool {
	if r.err == nil {
		r.err = &SyntaxError{Offset: r.i, Msg: msg}
	}
	r.i = len(r.b)
	return false
}

func (r *scanner) ws() {
	if r.i < len(r.b) && r.b[r.i] > ' ' {
		return // DynamoDB's bodies have no spaces
	}
	i := r.i
	for i < len(r.b) {
		switch r.b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			r.i = i
			return
		}
	}
	r.i = i
}

// peek returns the next non-space byte, 0 at the end.
func (r *scanner) peek() byte {
	r.ws()
	if r.i < len(r.b) {
		return r.b[r.i]
	}
	return 0
}

func (r *scanner) eat(c byte) bool {
	if r.err != nil {
		return false
	}
	if r.i < len(r.b) && r.b[r.i] == c {
		r.i++
		return true
	}
	if r.peek() != c {
		if r.i >= len(r.b) {
			return r.fail("unexpected end of body, want " + strconv.QuoteRune(rune(c)))
		}
		return r.fail(fmt.Sprintf("want %q, found %q", c, r.b[r.i]))
	}
	r.i++
	return true
}

func (r *scanner) open(c byte) bool {
	if !r.eat(c) {
		return false
	}
	if r.depth++; r.depth > MaxDepth {
		return r.fail("nested too deep")
	}
	return true
}

// more reports whether a container that began with first (true right after
// its opening bracket) has another element: it eats the comma, or the
// closing bracket end.
func (r *scanner) more(first bool, end byte) bool {
	if r.err != nil {
		return false
	}
	c := r.peek()
	if c == end {
		r.i++
		r.depth--
		return false
	}
	if !first {
		if c != ',' {
			if r.i >= len(r.b) {
				return r.fail("unexpected end of body")
			}
			return r.fail(fmt.Sprintf("want ',' or %q, found %q", end, c))
		}
		r.i++
		r.ws()
	}
	return true
}

// str reads a string token: its raw bytes between the quotes and whether it
// has escapes.
func (r *scanner) str() (start, end int, escaped bool) {
	if r.err != nil {
		return 0, 0, false
	}
	b, i := r.b, r.i
	if i < len(b) && b[i] == '"' {
		i++
	} else if !r.eat('"') {
		return 0, 0, false
	} else {
		i = r.i
	}
	start = i
	for {
		if i = plainEnd(b, i); i >= len(b) {
			break
		}
		c := b[i]
		if c == '"' {
			r.i = i + 1
			return start, i, escaped
		}
		if c < 0x20 {
			r.i = i
			r.fail("control character in string")
			return 0, 0, false
		}
		// A backslash.
		escaped = true
		if i++; i >= len(b) {
			break
		}
		switch b[i] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			i++
		case 'u':
			if i+5 > len(b) || !isHex4(b[i+1:i+5]) {
				r.i = i
				r.fail("bad \\u escape")
				return 0, 0, false
			}
			i += 5
		default:
			r.i = i
			r.fail("bad escape")
			return 0, 0, false
		}
	}
	r.i = len(b)
	r.fail("unterminated string")
	return 0, 0, false
}

// The words of plainEnd's scan: a byte repeated eight times, and the high
// bit of each byte.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainEnd returns the index of the first byte from i on that ends the
// plain run of a string ('"', '\\', a control character), len(b) if none,
// eight bytes at a time: a byte below n is one that subtracting n borrows
// from while its high bit is clear (so the bytes equal to '\\' are the
// ones of x^'\\' below 1). A borrow only makes false matches above a true
// one, so the lowest match is the first.
func plainEnd(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		// y has a byte below 0x21 where x has a control character or
		// '"' (x^2 moves 0x22 to 0x20, and 0x20 to 0x22).
		y, bs := x^(ones*0x02), x^(ones*'\\')
		if m := (((y - ones*0x21) &^ y) | ((bs - ones) &^ bs)) & highs; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c < 0x20 || c == '"' || c == '\\' {
			return i
		}
	}
	return i
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// text returns the string b[start:end] as a string: a substring of the body
// when it has no escapes, else its unescaped copy.
func (r *scanner) text(start, end int, escaped bool) string {
	if !escaped {
		return r.s[start:end]
	}
	return unescape(r.b[start:end])
}

// unescape decodes the escapes of a string token's raw bytes (checked by str),
// as encoding/json does: invalid surrogates become U+FFFD.
func unescape(raw []byte) string {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		c := raw[i]
		if c >= utf8.RuneSelf {
			// As the SDK's deserializer: a string with escapes has its
			// invalid UTF-8 replaced by U+FFFD; one without is kept as is.
			r, size := utf8.DecodeRune(raw[i:])
			out = utf8.AppendRune(out, r) // U+FFFD for an invalid byte
			i += size
			continue
		}
		if c != '\\' {
			out = append(out, c)
			i++
			continue
		}
		i++
		switch raw[i] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hex4(raw[i+1 : i+5])
			i += 4
			if utf16.IsSurrogate(r) {
				if i+2 < len(raw) && raw[i+1] == '\\' && raw[i+2] == 'u' {
					if r2 := hex4(raw[i+3 : i+7]); utf16.DecodeRune(r, r2) != utf8.RuneError {
						out = utf8.AppendRune(out, utf16.DecodeRune(r, r2))
						i += 7
						continue
					}
				}
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
		default: // " \ /
			out = append(out, raw[i])
		}
		i++
	}
	return string(out)
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		r <<= 4
		switch {
		case c <= '9':
			r |= rune(c - '0')
		case c >= 'a':
			r |= rune(c - 'a' + 10)
		default:
			r |= rune(c - 'A' + 10)
		}
	}
	return r
}

// number reads a JSON number token and returns its bytes.
func (r *scanner) number() []byte {
	if r.err != nil {
		return nil
	}
	r.ws()
	start := r.i
	if r.i < len(r.b) && r.b[r.i] == '-' {
		r.i++
	}
	digits := func() int {
		n := 0
		for r.i < len(r.b) && '0' <= r.b[r.i] && r.b[r.i] <= '9' {
			r.i++
			n++
		}
		return n
	}
	d0 := r.i
	if digits() == 0 || (r.b[d0] == '0' && r.i-d0 > 1) {
		r.fail("bad number")
		return nil
	}
	if r.i < len(r.b) && r.b[r.i] == '.' {
		r.i++
		if digits() == 0 {
			r.fail("bad number")
			return nil
		}
	}
	if r.i < len(r.b) && (r.b[r.i] == 'e' || r.b[r.i] == 'E') {
		r.i++
		if r.i < len(r.b) && (r.b[r.i] == '+' || r.b[r.i] == '-') {
			r.i++
		}
		if digits() == 0 {
			r.fail("bad number")
			return nil
		}
	}
	return r.b[start:r.i]
}

// literal reads true, false or null.
func (r *scanner) literal() (byte, bool) {
	r.ws()
	for _, lit := range [...]string{"true", "false", "null"} {
		if len(r.b)-r.i >= len(lit) && string(r.b[r.i:r.i+len(lit)]) == lit {
			r.i += len(lit)
			return lit[0], true
		}
	}
	return 0, r.fail("want true, false or null")
}

// skip skips one JSON value of any kind.
func (r *scanner) skip() bool {
	switch r.peek() {
	case '{':
		r.open('{')
		for first := true; r.more(first, '}'); first = false {
			r.str()
			r.eat(':')
			r.skip()
		}
	case '[':
		r.open('[')
		for first := true; r.more(first, ']'); first = false {
			r.skip()
		}
	case '"':
		r.str()
	case 't', 'f', 'n':
		r.literal()
	case 0:
		return r.fail("unexpected end of body")
	default:
		r.number()
	}
	return r.err == nil
}

// Value is one attribute value of a body: its type and where its value is.
// It is only valid until the iterator it came from moves on.
type Value struct {
	r       *scanner
	typ     Type
	start   int // S, N, B: the string's raw bytes; containers: the value's span
	end     int
	escaped bool
	boolean bool
	checked bool // an L or M checked whole
	// An N read in its compact form without an exponent, of at most 19
	// digits in all, keeps them as an integer (see readNumber).
	numPlain  bool
	numNeg    bool
	numDigits uint8 // in all
	numFrac   uint8 // after the point
	num       uint64
}

// Type returns the value's type tag.
func (v *Value) Type() Type { return v.typ }

// IsNull reports whether v is a NULL (which decodes as the zero value).
func (v *Value) IsNull() bool { return v.typ == TypeNULL }

func (v *Value) want(t Type) error {
	if v.typ != t {
		return &TypeError{Want: t, Got: v.typ}
	}
	return nil
}

// S returns the text of an S.
func (v *Value) S() (string, error) {
	if err := v.want(TypeS); err != nil {
		return "", err
	}
	return v.r.text(v.start, v.end, v.escaped), nil
}

// N returns the text of an N as DynamoDB sent it.
func (v *Value) N() (string, error) {
	if err := v.want(TypeN); err != nil {
		return "", err
	}
	return v.r.text(v.start, v.end, v.escaped), nil
}

// numText is the text of an N for parsing, without a copy.
func (v *Value) numText() (string, error) {
	if err := v.want(TypeN); err != nil {
		return "", err
	}
	if v.escaped {
		return unescape(v.r.b[v.start:v.end]), nil
	}
	return v.r.s[v.start:v.end], nil
}

// Int parses an N as an integer of bits bits, as attributevalue does.
func (v *Value) Int(bits int) (int64, error) {
	s, err := v.numText()
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(s, 10, bits)
}

// Uint parses an N as an unsigned integer of bits bits.
func (v *Value) Uint(bits int) (uint64, error) {
	s, err := v.numText()
	if err != nil {
		return 0, err
	}
	return strconv.ParseUint(s, 10, bits)
}

// Float parses an N as attributevalue does: as a float64, then a finite
// value beyond float32's range is an overflow when bits is 32.
func (v *Value) Float(bits int) (float64, error) {
	s, err := v.numText()
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(s, 64)
	if err == nil && bits == 32 {
		if a := math.Abs(f); a > math.MaxFloat32 && a <= math.MaxFloat64 {
			return 0, &strconv.NumError{Func: "ParseFloat", Num: s, Err: strconv.ErrRange}
		}
	}
	return f, err
}

// Bool returns a BOOL.
func (v *Value) Bool() (bool, error) {
	if err := v.want(TypeBOOL); err != nil {
		return false, err
	}
	return v.boolean, nil
}

// B decodes a B into dst's array when it is large enough (as attributevalue
// reuses a slice), else into a new one.
func (v *Value) B(dst []byte) ([]byte, error) {
	if err := v.want(TypeB); err != nil {
		return nil, err
	}
	return decodeB64(v.r.b[v.start:v.end], v.escaped, dst)
}

func decodeB64(raw []byte, escaped bool, dst []byte) ([]byte, error) {
	if escaped {
		raw = []byte(unescape(raw))
	}
	n := base64.StdEncoding.DecodedLen(len(raw))
	if cap(dst) < n {
		dst = make([]byte, n)
	}
	dst = dst[:n]
	m, err := base64.StdEncoding.Decode(dst, raw)
	if err != nil {
		return nil, fmt.Errorf("ddbjson: binary value: %w", err)
	}
	return dst[:m], nil
}

// iterPool holds the iterators of one body, one per nesting level: an
// iterator is valid until the one it came from moves on, so the iterator of
// a level is reused for the next value of that level, and decoding a body
// allocates them once, not once per value.
type iterPool struct {
	lists []*List
	maps  []*Map
	sets  []*Set
	// The free room of an array the string slices of the body's items
	// are cut from (see room).
	chunk []string
}

func slot[T any](s *[]*T, d int) *T {
	if len(*s) <= d {
		if d < cap(*s) {
			*s = (*s)[:d+1]
		} else {
			grown := make([]*T, d+1, max(d+1, 8))
			copy(grown, *s)
			*s = grown
		}
	}
	if (*s)[d] == nil {
		(*s)[d] = new(T)
	}
	return (*s)[d]
}

// sub is a scanner over the container value v.
func (v *Value) sub() scanner {
	return scanner{b: v.r.b[:v.end], s: v.r.s[:v.end], i: v.start, depth: v.r.depth, pool: v.r.pool}
}

func (r *scanner) iters() *iterPool {
	if r.pool == nil {
		r.pool = new(iterPool)
	}
	return r.pool
}

// L returns the elements of an L.
func (v *Value) L() (*List, error) {
	if err := v.want(TypeL); err != nil {
		return nil, err
	}
	l := slot(&v.r.iters().lists, v.r.depth)
	*l = List{sc: v.sub(), first: true, origin: v.start}
	l.r = &l.sc
	l.r.open('[')
	return l, l.r.err
}

// M returns the attributes of an M.
func (v *Value) M() (*Map, error) {
	if err := v.want(TypeM); err != nil {
		return nil, err
	}
	m := slot(&v.r.iters().maps, v.r.depth)
	*m = Map{sc: v.sub(), first: true, origin: v.start, guess: m.guess}
	m.r = &m.sc
	m.r.open('{')
	return m, m.r.err
}

// Set returns the elements of an SS, NS or BS (the texts of their strings,
// numbers or base64 binaries).
func (v *Value) Set() (*Set, error) {
	if v.typ != TypeSS && v.typ != TypeNS && v.typ != TypeBS {
		return nil, &TypeError{Want: TypeSS, Got: v.typ}
	}
	s := slot(&v.r.iters().sets, v.r.depth)
	*s = Set{sc: v.sub(), first: true, typ: v.typ}
	s.r = &s.sc
	s.r.open('[')
	return s, s.r.err
}

// List iterates over the elements of an L.
type List struct {
	origin int // where the L began
	sc     scanner
	r      *scanner
	first  bool
	done   bool
	cur    Value
}

// Next moves to the next element; false at the end or on an error (Err).
func (l *List) Next() bool {
	if !l.done && (l.cur.typ == TypeL || l.cur.typ == TypeM) {
		l.r.settle(&l.cur)
	}
	if r := l.r; !l.done && !l.first && r.err == nil && r.i < len(r.b) && r.b[r.i] == ',' {
		r.i++
		if !r.compactSN(&l.cur, r.i) {
			r.ws()
			readAV(r, &l.cur)
		}
		return r.err == nil
	}
	if l.done || !l.r.more(l.first, ']') {
		l.done = true
		return false
	}
	l.first = false
	readAV(l.r, &l.cur)
	return l.r.err == nil
}

// Value returns the current element.
func (l *List) Value() *Value { return &l.cur }

// Err returns the error that stopped Next, if any.
func (l *List) Err() error { return l.r.err }

// Set iterates over the elements of an SS, NS or BS.
type Set struct {
	sc         scanner
	r          *scanner
	first      bool
	typ        Type
	start, end int
	escaped    bool
	done       bool
}

// Next moves to the next element.
func (s *Set) Next() bool {
	if s.done || !s.r.more(s.first, ']') {
		s.done = true
		return false
	}
	s.first = false
	s.start, s.end, s.escaped = s.r.str()
	return s.r.err == nil
}

// Text returns the current element's text (a number's text in an NS, the
// base64 text in a BS).
func (s *Set) Text() string { return s.r.text(s.start, s.end, s.escaped) }

// Bytes decodes the current element of a BS.
func (s *Set) Bytes() ([]byte, error) { return decodeB64(s.r.b[s.start:s.end], s.escaped, nil) }

// Err returns the error that stopped Next, if any.
func (s *Set) Err() error { return s.r.err }

// Map iterates over the attributes of an item or of an M: what generated
// decoders read (see ItemDecoder).
type Map struct {
	origin     int     // where an M began
	sc         scanner // the scanner of an M
	r          *scanner
	first      bool
	start, end int // the current name
	escaped    bool
	cur        Value
	done       bool
	n          int         // attributes read
	guess      *fieldGuess // kept from item to item
	single     bool        // an iterator of one item (an image's): no guess
	// known is 1 + the index in guess.names of the current attribute's
	// name when Next matched it against the guess, else 0.
	known int
}

// fieldGuess is what FieldIndex learnt of the items an iterator read before:
// the field that the n-th attribute was. The items of a page have their
// attributes in one order, so the guess saves the search by name.
type fieldGuess struct {
	names *string // the names it is about (FieldIndex's names slice)
	len   int
	index [16]int8
	set   uint16 // the positions of index that hold a match
	// The name at each position of set: its length, and its first and
	// last eight bytes as little-endian words (the first len bytes when
	// shorter), for Map.Next to compare without a call.
	size       [16]uint8
	head, tail [16]uint64
}

// learn records that the attribute at position p is names[i], a name read
// without escapes.
func (g *fieldGuess) learn(p, i int, name string) {
	if uint(p) >= uint(len(g.index)) || i > math.MaxInt8 || len(name) > math.MaxUint8 {
		return
	}
	g.index[p] = int8(i)
	g.set |= 1 << p
	g.size[p] = uint8(len(name))
	var w [16]byte
	copy(w[:], name)
	g.head[p] = binary.LittleEndian.Uint64(w[:8])
	if len(name) >= 8 {
		g.tail[p] = binary.LittleEndian.Uint64([]byte(name[len(name)-8:]))
	}
}

// nameAt reports whether b[i:] holds the name the guess has for position
// p, followed by its closing quote, and where that quote is.
func (g *fieldGuess) nameAt(b []byte, i, p int) (int, bool) {
	if uint(p) >= uint(len(g.index)) || g.set&(1<<p) == 0 || len(b)-i < 17 {
		return 0, false
	}
	n := int(g.size[p])
	e := i + n
	if e >= len(b) || b[e] != '"' {
		return 0, false
	}
	x := binary.LittleEndian.Uint64(b[i:])
	switch {
	case n <= 8:
		return e, x&(uint64(1)<<(8*n)-1) == g.head[p]
	case n <= 16:
		return e, x == g.head[p] && binary.LittleEndian.Uint64(b[e-8:]) == g.tail[p]
	}
	k := int(g.index[p])
	return e, k < g.len && string(b[i:e]) == unsafe.Slice(g.names, g.len)[k]
}

// Next moves to the next attribute; false at the end or on an error (Err).
func (m *Map) Next() bool {
	if !m.done && (m.cur.typ == TypeL || m.cur.typ == TypeM) {
		m.r.settle(&m.cur)
	}
	if m.done {
		return false
	}
	// The compact form, as DynamoDB sends it: ,"name": (or "name": first)
	// with no escape in the name.
	if r := m.r; r.err == nil {
		b, i := r.b, r.i
		if !m.first && i < len(b) && b[i] == ',' {
			i++
		}
		if (m.first || i > r.i) && i < len(b) && b[i] == '"' {
			i++
			// The name the guess expects here, compared as bytes; else
			// the name is scanned.
			end, known := -1, 0
			if g := m.guess; g != nil {
				if e, ok := g.nameAt(b, i, m.n); ok {
					end, known = e, int(g.index[m.n])+1
				}
			}
			if end < 0 {
				end = plainEnd(b, i)
			}
			if end+8 <= len(b) {
				// The name's end and an S or N's head in one word.
				typ := TypeNone
				switch binary.LittleEndian.Uint64(b[end:]) {
				case nameHeadS:
					typ = TypeS
				case nameHeadN:
					typ = TypeN
				}
				if typ != TypeNone {
					m.first = false
					m.start, m.end, m.escaped = i, end, false
					m.n++
					m.known = known
					if !r.compactText(&m.cur, typ, end+8) {
						r.i = end + 2
						readAV(r, &m.cur)
					}
					return r.err == nil
				}
			}
			if end+1 < len(b) && b[end] == '"' && b[end+1] == ':' {
				m.first = false
				m.start, m.end, m.escaped = i, end, false
				m.n++
				m.known = known
				if !r.compactSN(&m.cur, end+2) {
					r.i = end + 2
					readAV(r, &m.cur)
				}
				return r.err == nil
			}
		}
	}
	if !m.r.more(m.first, '}') {
		m.done = true
		return false
	}
	m.first = false
	m.n++
	m.known = 0
	m.start, m.end, m.escaped = m.r.str()
	m.r.eat(':')
	readAV(m.r, &m.cur)
	return m.r.err == nil
}

// Name returns the current attribute's name.
func (m *Map) Name() string { return m.r.text(m.start, m.end, m.escaped) }

// NameIs reports whether the current attribute's name is name, without
// making a string of it.
func (m *Map) NameIs(name string) bool {
	if m.escaped {
		return m.Name() == name
	}
	return m.r.s[m.start:m.end] == name
}

// Value returns the current attribute's value.
func (m *Map) Value() *Value { return &m.cur }

// Err returns the error that stopped Next, if any.
func (m *Map) Err() error { return m.r.err }

// finish reads the attributes the decoder left.
func (m *Map) finish() error {
	for m.Next() {
	}
	return m.r.err
}

// readAV reads one attribute value, {"TAG": value}, checking that the value
// is of the tag's kind.
func readAV(r *scanner, v *Value) {
	if r.compactSN(v, r.i) || r.compactLM(v, r.i) {
		return
	}
	// The compact form of an S or N, as DynamoDB sends it: {"S":"..."}.
	if b := r.b[r.i:]; len(b) > 6 && b[0] == '{' && b[1] == '"' && b[3] == '"' && b[4] == ':' && b[5] == '"' && (b[2] == 'S' || b[2] == 'N') {
		r.i += 5
		*v = Value{r: r, typ: TypeS}
		if b[2] == 'N' {
			v.typ = TypeN
		}
		v.start, v.end, v.escaped = r.str()
		if r.err != nil {
			return
		}
		if v.typ == TypeN && !validNumber(r.b[v.start:v.end], v.escaped) {
			r.fail("bad number in N")
			return
		}
		if r.i < len(r.b) && r.b[r.i] == '}' {
			r.i++
			return
		}
		r.i = v.start - 6 // not compact after all ({"S":"x" }): read it again
	}
	*v = Value{r: r}
	if !r.open('{') {
		return
	}
	if !r.more(true, '}') {
		r.fail("empty attribute value")
		return
	}
	ts, te, esc := r.str()
	if esc {
		r.fail("escaped type tag")
		return
	}
	v.typ = typeOf(r.b[ts:te])
	r.eat(':')
	r.ws()
	switch v.typ {
	case TypeS:
		v.start, v.end, v.escaped = r.str()
	case TypeB:
		v.start, v.end, v.escaped = r.str()
		if r.err == nil && !validBase64(r.b[v.start:v.end], v.escaped) {
			r.fail("bad base64 in B")
		}
	case TypeN:
		v.start, v.end, v.escaped = r.str()
		if r.err == nil && !validNumber(r.b[v.start:v.end], v.escaped) {
			r.fail("bad number in N")
		}
	case TypeBOOL, TypeNULL:
		c, ok := r.literal()
		if ok && (c == 'n' || v.typ == TypeNULL && c != 't') {
			r.fail("bad " + v.typ.String() + " value")
		}
		v.boolean = c == 't'
	case TypeL, TypeM:
		want := byte('[')
		if v.typ == TypeM {
			want = '{'
		}
		v.start = r.i
		if r.peek() != want {
			r.fail("bad " + v.typ.String() + " value")
			break
		}
		// Only its end is found now: it is checked as it is decoded, or
		// by settle when the iterator moves on without decoding it.
		if r.strict {
			r.skipAV(v.typ)
			v.checked = true
		} else {
			r.fastSkip()
		}
		v.end = r.i
	case TypeSS, TypeNS, TypeBS:
		v.start = r.i
		r.open('[')
		for first := true; r.more(first, ']'); first = false {
			s, e, esc := r.str()
			if v.typ == TypeNS && r.err == nil && !validNumber(r.b[s:e], esc) {
				r.fail("bad number in NS")
			}
			if v.typ == TypeBS && r.err == nil && !validBase64(r.b[s:e], esc) {
				r.fail("bad base64 in BS")
			}
		}
		v.end = r.i
	default:
		r.fail("unknown attribute value type")
		return
	}
	if r.err == nil && r.more(false, '}') {
		r.fail("attribute value with more than one type")
	}
	return
}

// The heads of an S and of an N in their compact form, {"S":" and {"N":",
// as the low six bytes of a little-endian word.
const (
	headS    = '{' | '"'<<8 | 'S'<<16 | '"'<<24 | ':'<<32 | '"'<<40
	headN    = '{' | '"'<<8 | 'N'<<16 | '"'<<24 | ':'<<32 | '"'<<40
	headMask = 1<<48 - 1
)

// set is *v = Value{r: r, typ: typ, start: start, end: end} field by
// field: no write barrier for r, which is already there but for an
// iterator's first value.
func (v *Value) set(r *scanner, typ Type, start, end int) {
	if v.r != r {
		v.r = r
	}
	v.typ, v.start, v.end, v.escaped, v.boolean, v.checked, v.numPlain = typ, start, end, false, false, false, false
}

// The heads of an L and of an M in their compact form, {"L":[ and {"M":{.
const (
	headL = '{' | '"'<<8 | 'L'<<16 | '"'<<24 | ':'<<32 | '['<<40
	headM = '{' | '"'<<8 | 'M'<<16 | '"'<<24 | ':'<<32 | '{'<<40
)

// compactLM reads the L or M at i when it has the compact form
// {"L":[...]} (outside strict checking), as readAV would: only its end is
// found (fastSkip). For any other form it does nothing and reports false.
func (r *scanner) compactLM(v *Value, i int) bool {
	b := r.b
	if r.strict || r.err != nil || r.depth >= MaxDepth || i < 0 || len(b)-i < 8 {
		return false
	}
	var typ Type
	switch binary.LittleEndian.Uint64(b[i:]) & headMask {
	case headL:
		typ = TypeL
	case headM:
		typ = TypeM
	default:
		return false
	}
	start := i + 5
	r.i = start
	r.fastSkip()
	if r.err != nil {
		v.set(r, typ, start, r.i)
		return true
	}
	if r.i < len(b) && b[r.i] == '}' {
		v.set(r, typ, start, r.i)
		r.i++
		return true
	}
	r.i = i // {"L":[...] followed by anything else: readAV's token path
	return false
}

// compactSN reads the S or N at i when it has the compact form DynamoDB
// sends, {"S":"text"} with no escape in the text, as readAV would; for any
// other form it does nothing and reports false.
func (r *scanner) compactSN(v *Value, i int) bool {
	b := r.b
	if i < 0 || len(b)-i < 8 {
		return false // not even {"S":""}
	}
	var typ Type
	switch binary.LittleEndian.Uint64(b[i:]) & headMask {
	case headS:
		typ = TypeS
	case headN:
		typ = TypeN
	default:
		return false
	}
	return r.compactText(v, typ, i+6)
}

// compactText reads the rest of a compact S or N whose text starts at
// start: text"} with no escape, as readAV would. For any other form it
// does nothing and reports false.
func (r *scanner) compactText(v *Value, typ Type, start int) bool {
	b := r.b
	end := plainEnd(b, start)
	if end+1 >= len(b) || b[end] != '"' || b[end+1] != '}' {
		return false
	}
	v.set(r, typ, start, end)
	if typ == TypeN && !v.readNumber(b[start:end]) {
		r.i = end + 1
		r.fail("bad number in N")
		return true
	}
	r.i = end + 2
	return true
}

// The end of a name and the head of an S or N after it, ":{"S":" and
// ":{"N":", as a little-endian word.
const (
	nameHeadS = '"' | ':'<<8 | '{'<<16 | '"'<<24 | 'S'<<32 | '"'<<40 | ':'<<48 | '"'<<56
	nameHeadN = '"' | ':'<<8 | '{'<<16 | '"'<<24 | 'N'<<32 | '"'<<40 | ':'<<48 | '"'<<56
)

// skipAV skips the value of an L (a list of attribute values) or of an M
// (a map of them), checking them as it goes, so that a body is checked whole
// before it counts as read.
func (r *scanner) skipAV(t Type) {
	if t == TypeL {
		r.open('[')
		var v Value
		for first := true; r.more(first, ']'); first = false {
			readAV(r, &v)
		}
		return
	}
	r.open('{')
	for first := true; r.more(first, '}'); first = false {
		r.str()
		r.eat(':')
		var v Value
		readAV(r, &v)
	}
}

// readNumber checks an N's text as validNumber does and, for a number
// without exponent of at most 19 digits in all, keeps its digits as an
// integer in v, so that DecodeInt, DecodeUint and DecodeFloat need no
// second pass over them.
func (v *Value) readNumber(b []byte) bool {
	if len(b) == 0 || b[0] <= ' ' {
		return validNumber(b, false)
	}
	i := 0
	neg := b[0] == '-'
	if neg {
		i++
	}
	d0 := i
	var mant uint64
	for i < len(b) && b[i]-'0' < 10 {
		mant = mant*10 + uint64(b[i]-'0')
		i++
	}
	if i == d0 || (b[d0] == '0' && i-d0 > 1) {
		return false
	}
	digits, frac := i-d0, 0
	if i < len(b) && b[i] == '.' {
		i++
		f0 := i
		for i < len(b) && b[i]-'0' < 10 {
			mant = mant*10 + uint64(b[i]-'0')
			i++
		}
		if i == f0 {
			return false
		}
		frac = i - f0
	}
	if i < len(b) {
		return validNumber(b, false) // an exponent, or not a number
	}
	if digits+frac <= 19 {
		v.num, v.numDigits, v.numFrac, v.numNeg, v.numPlain = mant, uint8(digits+frac), uint8(frac), neg, true
	}
	return true
}

// validNumber reports whether an N's text is a number: DynamoDB sends them
// as JSON numbers in strings.
func validNumber(b []byte, escaped bool) bool {
	if escaped || len(b) == 0 {
		return false
	}
	i := 0
	if b[0] <= ' ' {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
			i++ // as number, which skips space before a token
		}
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	d0 := i
	for i < len(b) && b[i]-'0' < 10 {
		i++
	}
	if i == d0 || (b[d0] == '0' && i-d0 > 1) {
		return false
	}
	if i == len(b) {
		return true // an integer
	}
	if b[i] == '.' {
		i++
		f0 := i
		for i < len(b) && b[i]-'0' < 10 {
			i++
		}
		if i == f0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		e0 := i
		for i < len(b) && b[i]-'0' < 10 {
			i++
		}
		if i == e0 {
			return false
		}
	}
	return i == len(b)
}

// AttributeValue converts v into the SDK's form (for interface-typed
// fields, keys and anything a decoder does not read itself).
func (v *Value) AttributeValue() (types.AttributeValue, error) {
	switch v.typ {
	case TypeS:
		s, _ := v.S()
		return &types.AttributeValueMemberS{Value: s}, nil
	case TypeN:
		s, _ := v.N()
		return &types.AttributeValueMemberN{Value: s}, nil
	case TypeB:
		b, err := v.B(nil)
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberB{Value: orEmptyBytes(b)}, nil
	case TypeBOOL:
		return &types.AttributeValueMemberBOOL{Value: v.boolean}, nil
	case TypeNULL:
		return &types.AttributeValueMemberNULL{Value: true}, nil
	case TypeL:
		l, err := v.L()
		if err != nil {
			return nil, err
		}
		out := []types.AttributeValue{}
		for l.Next() {
			av, err := l.Value().AttributeValue()
			if err != nil {
				return nil, err
			}
			out = append(out, av)
		}
		return &types.AttributeValueMemberL{Value: out}, l.Err()
	case TypeM:
		m, err := v.M()
		if err != nil {
			return nil, err
		}
		out, err := m.AttributeValues()
		return &types.AttributeValueMemberM{Value: out}, err
	case TypeSS, TypeNS, TypeBS:
		s, err := v.Set()
		if err != nil {
			return nil, err
		}
		var ss []string
		var bs [][]byte
		for s.Next() {
			if v.typ == TypeBS {
				b, err := s.Bytes()
				if err != nil {
					return nil, err
				}
				bs = append(bs, orEmptyBytes(b))
			} else {
				ss = append(ss, s.Text())
			}
		}
		if err := s.Err(); err != nil {
			return nil, err
		}
		switch v.typ {
		case TypeSS:
			return &types.AttributeValueMemberSS{Value: orEmpty(ss)}, nil
		case TypeNS:
			return &types.AttributeValueMemberNS{Value: orEmpty(ss)}, nil
		}
		if bs == nil {
			bs = [][]byte{}
		}
		return &types.AttributeValueMemberBS{Value: bs}, nil
	}
	return nil, &TypeError{Want: TypeS, Got: v.typ}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// AttributeValues reads the rest of the map into the SDK's form.
func (m *Map) AttributeValues() (map[string]types.AttributeValue, error) {
	out := map[string]types.AttributeValue{}
	for m.Next() {
		av, err := m.Value().AttributeValue()
		if err != nil {
			return nil, err
		}
		out[m.Name()] = av
	}
	return out, m.Err()
}

// orEmptyBytes gives an empty B as the SDK's deserializer does: empty, not nil.
func orEmptyBytes(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// validBase64 reports whether a B's text is standard padded base64, as the
// SDK's deserializer requires of every binary in a body (decoded or not).
func validBase64(b []byte, escaped bool) bool {
	if escaped {
		b = []byte(unescape(b))
	}
	if len(b)%4 != 0 {
		return false
	}
	pad := 0
	for i, c := range b {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '+', c == '/':
			if pad > 0 {
				return false
			}
		case c == '=' && i >= len(b)-2:
			pad++
		default:
			return false
		}
	}
	if pad > 0 {
		// The bits the padding leaves must be zero (strict decoding).
		_, err := base64.StdEncoding.Strict().DecodeString(string(b[len(b)-4:]))
		return err == nil
	}
	return true
}

// fastSkip finds the end of the L or M value at r.i without checking it:
// brackets and strings only (see settle).
func (r *scanner) fastSkip() {
	b, i, depth := r.b, r.i, 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		case '[', '{':
			depth++
		case ']', '}':
			if depth--; depth == 0 {
				r.i = i + 1
				return
			}
		}
	}
	r.i = i
	r.fail("unexpected end of body")
}

// settle checks the L or M value cur, which fastSkip passed over, unless
// the iterator made of it (L, M) read it whole, which checked it.
func (r *scanner) settle(cur *Value) {
	if (cur.typ != TypeL && cur.typ != TypeM) || cur.checked || r.err != nil {
		return
	}
	cur.checked = true
	if p, d := r.pool, r.depth; p != nil {
		if cur.typ == TypeL && d < len(p.lists) && p.lists[d] != nil {
			if l := p.lists[d]; l.origin == cur.start && l.done && l.sc.err == nil && l.sc.i == cur.end {
				return
			}
		}
		if cur.typ == TypeM && d < len(p.maps) && p.maps[d] != nil {
			if m := p.maps[d]; m.origin == cur.start && m.done && m.sc.err == nil && m.sc.i == cur.end {
				return
			}
		}
	}
	sc := cur.sub()
	sc.strict = true
	sc.skipAV(cur.typ)
	if sc.err == nil && sc.i != cur.end {
		sc.fail("bad " + cur.typ.String() + " value")
	}
	if sc.err != nil {
		r.err = sc.err
		r.i = len(r.b)
	}
}
