package ddbjson

import (
	"strings"
	"time"
	"unsafe"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// The helpers of generated DecodeJSONItem and EncodeJSONItem methods. The
// decoders decode a Value exactly as the ddb.Decode helper of the same name
// decodes the attribute value the SDK's deserializer would have made of it
// (same accepted types, same NULL handling, same parsing, same errors); a
// field without one is converted into the SDK's form (Value.AttributeValue)
// and decoded by the model's generated map decoder. None is generic in the
// model type: each model would compile its own copy.

func bitsOf[V any]() int {
	var v V
	return int(unsafe.Sizeof(v)) * 8
}

func wrongType(want string, v *Value) error {
	return &ddb.DecodeError{Want: want, Got: v.typ.String()}
}

// FieldIndex returns the index in names of the current attribute of m: its
// exact name, else the first name equal under case folding (as
// attributevalue matches a name no field has exactly), else -1 (an
// attribute the model does not have). Unlike UnmarshalItem, which lets a
// case-folded match win over an exact one of the same item, an item holding
// both ("total" and "Total") decodes them in the order of the body.
//
// names are the model's distinct attribute names, the same slice for every
// call of one model (a generated array): the index found for the n-th
// attribute of an item is tried first for the n-th attribute of the next,
// by Map.Next, which compares the name's bytes with it before scanning them.
func FieldIndex(m *Map, names []string) int {
	if m.known > 0 && m.guess.names == unsafe.SliceData(names) && m.guess.len == len(names) {
		return m.known - 1 // Next matched the name the guess expected
	}
	return fieldIndex(m, names)
}

func fieldIndex(m *Map, names []string) int {
	if !m.escaped && len(names) > 0 && m.single {
		name := m.r.s[m.start:m.end]
		for i := range names {
			if names[i] == name {
				return i
			}
		}
	} else if !m.escaped && len(names) > 0 {
		name := m.r.s[m.start:m.end]
		if m.guess == nil {
			m.guess = new(fieldGuess)
		}
		g := m.guess
		p := m.n - 1
		if g.names == unsafe.SliceData(names) && g.len == len(names) {
			if uint(p) < uint(len(g.index)) {
				if i := int(g.index[p]); i < len(names) && names[i] == name {
					g.learn(p, i, name)
					return i
				}
			}
		} else {
			*g = fieldGuess{names: unsafe.SliceData(names), len: len(names)}
		}
		for i := range names {
			if names[i] == name {
				g.learn(p, i, name)
				return i
			}
		}
	} else if m.escaped {
		for i, n := range names {
			if m.NameIs(n) {
				return i
			}
		}
	}
	name := m.Name()
	for i, n := range names {
		if strings.EqualFold(name, n) {
			return i
		}
	}
	return -1
}

// DecodeString decodes an S or an N into a string, as ddb.DecodeString.
func DecodeString[V ~string](v *Value, dst *V) error {
	switch v.typ {
	case TypeS, TypeN:
		*dst = V(v.r.text(v.start, v.end, v.escaped))
	case TypeNULL:
		*dst = ""
	default:
		return wrongType("S|N", v)
	}
	return nil
}

// numberText is the text of an N (or an S with text: the "string" option);
// ok is false for NULL.
func numberText(v *Value, text bool) (s string, ok bool, err error) {
	switch v.typ {
	case TypeN:
		return v.r.text(v.start, v.end, v.escaped), true, nil
	case TypeS:
		if text {
			return v.r.text(v.start, v.end, v.escaped), true, nil
		}
	case TypeNULL:
		return "", false, nil
	}
	if text {
		return "", false, wrongType("N|S", v)
	}
	return "", false, wrongType("N", v)
}

// DecodeInt decodes an N into a signed integer, as ddb.DecodeInt.
func DecodeInt[V ddb.Signed](v *Value, dst *V) error { return decodeInt(v, dst, false) }

// DecodeIntText decodes an N or an S into a signed integer, as ddb.DecodeIntText.
func DecodeIntText[V ddb.Signed](v *Value, dst *V) error { return decodeInt(v, dst, true) }

func decodeInt[V ddb.Signed](v *Value, dst *V, text bool) error {
	if v.typ == TypeN && v.numPlain && v.numFrac == 0 && v.numDigits <= 18 {
		// plainInt of the digits readNumber kept
		n, bits := int64(v.num), bitsOf[V]()
		if v.numNeg {
			n = -n
		}
		if bits == 64 || (n >= -1<<(bits-1) && n <= 1<<(bits-1)-1) {
			*dst = V(n)
			return nil
		}
	}
	s, ok, err := numberText(v, text)
	if !ok {
		*dst = 0
		return err
	}
	if n, ok := plainInt(s, bitsOf[V]()); ok {
		*dst = V(n)
		return nil
	}
	n, err := ddb.ParseInt(s, bitsOf[V]())
	if err != nil {
		return err
	}
	*dst = V(n)
	return nil
}

// DecodeUint decodes an N into an unsigned integer, as ddb.DecodeUint.
func DecodeUint[V ddb.Unsigned](v *Value, dst *V) error { return decodeUint(v, dst, false) }

// DecodeUintText decodes an N or an S into an unsigned integer, as ddb.DecodeUintText.
func DecodeUintText[V ddb.Unsigned](v *Value, dst *V) error { return decodeUint(v, dst, true) }

func decodeUint[V ddb.Unsigned](v *Value, dst *V, text bool) error {
	if v.typ == TypeN && v.numPlain && !v.numNeg && v.numFrac == 0 {
		// plainUint of the digits readNumber kept
		if n, bits := v.num, bitsOf[V](); bits == 64 || n <= 1<<bits-1 {
			*dst = V(n)
			return nil
		}
	}
	s, ok, err := numberText(v, text)
	if !ok {
		*dst = 0
		return err
	}
	if n, ok := plainUint(s, bitsOf[V]()); ok {
		*dst = V(n)
		return nil
	}
	n, err := ddb.ParseUint(s, bitsOf[V]())
	if err != nil {
		return err
	}
	*dst = V(n)
	return nil
}

// DecodeFloat decodes an N into a float, as ddb.DecodeFloat.
func DecodeFloat[V ddb.Float](v *Value, dst *V) error { return decodeFloat(v, dst, false) }

// DecodeFloatText decodes an N or an S into a float, as ddb.DecodeFloatText.
func DecodeFloatText[V ddb.Float](v *Value, dst *V) error { return decodeFloat(v, dst, true) }

func decodeFloat[V ddb.Float](v *Value, dst *V, text bool) error {
	if v.typ == TypeN && v.numPlain && v.numDigits <= 15 {
		// plainFloat of the digits readNumber kept
		f := float64(v.num) / exactPow10[v.numFrac]
		if v.numNeg {
			f = -f
		}
		*dst = V(f)
		return nil
	}
	s, ok, err := numberText(v, text)
	if !ok {
		*dst = 0
		return err
	}
	if f, ok := plainFloat(s); ok {
		*dst = V(f)
		return nil
	}
	n, err := ddb.ParseFloat(s, bitsOf[V]())
	if err != nil {
		return err
	}
	*dst = V(n)
	return nil
}

// DecodeBool decodes a BOOL, as ddb.DecodeBool.
func DecodeBool[V ~bool](v *Value, dst *V) error {
	switch v.typ {
	case TypeBOOL:
		*dst = V(v.boolean)
	case TypeNULL:
		*dst = false
	default:
		return wrongType("BOOL", v)
	}
	return nil
}

// DecodeBytes decodes a B, as ddb.DecodeBytes (reusing dst's array when it
// is large enough).
func DecodeBytes[V ~[]byte](v *Value, dst *V) error {
	switch v.typ {
	case TypeB:
		b, err := decodeB64(v.r.b[v.start:v.end], v.escaped, *dst)
		if err != nil {
			return err
		}
		if b == nil {
			b = []byte{} // as ddb.CopyBytes: never nil
		}
		*dst = V(b)
	case TypeNULL:
		*dst = nil
	default:
		return wrongType("B", v)
	}
	return nil
}

// DecodeStrings decodes into a slice of strings as ddb.DecodeStrings does:
// an L of S or N and an SS directly, any other value (NS, BS, NULL) by
// ddb.DecodeStrings itself, after converting it into the SDK's form.
func DecodeStrings[V ~string](v *Value, dst *[]V) error {
	switch v.typ {
	case TypeL:
		l, err := v.L()
		if err != nil {
			return err
		}
		if *dst == nil {
			p := v.r.iters()
			k := len(p.chunk)
			for n := 0; l.Next(); n++ {
				var s V
				if err := DecodeString(l.Value(), &s); err != nil {
					*dst = cut[V](p, k)
					return ddb.DecodeAtIndex(n, err)
				}
				k = room(p, k)
				p.chunk = append(p.chunk, string(s))
			}
			*dst = cut[V](p, k)
			return l.Err()
		}
		out := (*dst)[:0]
		for n := 0; l.Next(); n++ {
			var s V
			if err := DecodeString(l.Value(), &s); err != nil {
				*dst = out
				return ddb.DecodeAtIndex(n, err)
			}
			out = append(out, s)
		}
		*dst = out
		return l.Err()
	case TypeSS:
		s, err := v.Set()
		if err != nil {
			return err
		}
		if *dst == nil {
			p := v.r.iters()
			k := len(p.chunk)
			for s.Next() {
				k = room(p, k)
				p.chunk = append(p.chunk, s.Text())
			}
			*dst = cut[V](p, k)
			return s.Err()
		}
		out := (*dst)[:0]
		for s.Next() {
			out = append(out, V(s.Text()))
		}
		*dst = out
		return s.Err()
	}
	av, err := v.AttributeValue()
	if err != nil {
		return err
	}
	return ddb.DecodeStrings(av, dst)
}

// The string slices of a body's items (DecodeStrings into a nil slice)
// are cut from arrays they share: a page of items holding string slices
// allocates a few growing arrays, not one per item. A slice is appended
// to the free room of the body's current array (p.chunk from k on); when
// that is full, what it has so far moves to a new array twice as large
// (4 to 512 strings, or more for a long slice).

// room makes room for one more string of the slice that starts at k in
// p.chunk, and returns where that slice now starts.
func room(p *iterPool, k int) int {
	if len(p.chunk) < cap(p.chunk) {
		return k
	}
	n := len(p.chunk) - k
	grown := make([]string, n, max(min(2*cap(p.chunk), 512), 4, 2*n))
	copy(grown, p.chunk[k:])
	p.chunk = grown
	return 0
}

// cut returns the slice that starts at k in p.chunk, its capacity its
// length, so that appending to it never reaches into another item's
// strings; empty, never nil, when there is nothing.
func cut[V ~string](p *iterPool, k int) []V {
	n := len(p.chunk) - k
	if n == 0 {
		return []V{}
	}
	out := p.chunk[k : k+n : k+n]
	// V is a string type: the same memory as a string.
	return unsafe.Slice((*V)(unsafe.Pointer(unsafe.SliceData(out))), n)
}

// WriteStrings writes a slice of strings as an L of S, as the map codec
// encodes a []string without options.
func WriteStrings(w *Writer, ss []string) {
	w.BeginL()
	for _, s := range ss {
		w.S(s)
	}
	w.EndL()
}

// WriteStringSet writes a string set as the map codec encodes a []string
// with the stringset option: an SS, or NULL when it is empty.
func WriteStringSet(w *Writer, ss []string) {
	if len(ss) == 0 {
		w.Null()
		return
	}
	w.SS(ss, false)
}

// WriteStringMap writes a map[string]string as the map codec encodes one
// without options: an M of S; an empty key is an error.
func WriteStringMap(w *Writer, m map[string]string) error {
	w.BeginM()
	for k, s := range m {
		if k == "" {
			return ddb.EncodeFailed("map key cannot be empty")
		}
		w.Name(k)
		w.S(s)
	}
	w.EndM()
	return nil
}

// WriteTime writes a time.Time as the map codec encodes one: an S in
// RFC 3339 with nanoseconds.
func WriteTime(w *Writer, t time.Time) {
	var b [64]byte
	w.S(string(t.AppendFormat(b[:0], time.RFC3339Nano)))
}

// The fast paths of number parsing: the plain forms DynamoDB sends, whose
// value strconv would give exactly; anything else (a sign +, an exponent,
// too many digits, out of range) returns false and goes to strconv, which
// also makes the errors.

// plainInt parses [-]digits of at most 18 digits (no int64 overflow) that
// fit in bits bits.
func plainInt(s string, bits int) (int64, bool) {
	neg := len(s) > 0 && s[0] == '-'
	d := s
	if neg {
		d = s[1:]
	}
	if len(d) == 0 || len(d) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(d); i++ {
		c := d[i] - '0'
		if c > 9 {
			return 0, false
		}
		n = n*10 + int64(c)
	}
	if neg {
		n = -n
	}
	if bits < 64 && (n < -1<<(bits-1) || n > 1<<(bits-1)-1) {
		return 0, false
	}
	return n, true
}

// plainUint parses digits of at most 19 digits that fit in bits bits.
func plainUint(s string, bits int) (uint64, bool) {
	if len(s) == 0 || len(s) > 19 {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		n = n*10 + uint64(c)
	}
	if bits < 64 && n > 1<<bits-1 {
		return 0, false
	}
	return n, true
}

// exactPow10 are the powers of ten a float64 holds exactly.
var exactPow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// plainFloat parses [-]digits[.digits] of at most 15 digits in all: the
// digits as an integer and the power of ten are exact in a float64, so
// their quotient is the correctly rounded value strconv.ParseFloat gives.
func plainFloat(s string) (float64, bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	var mant uint64
	digits, frac, dot := 0, 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			mant = mant*10 + uint64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot && digits > 0 && i+1 < len(s):
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 {
		return 0, false
	}
	f := float64(mant) / exactPow10[frac]
	if neg {
		f = -f
	}
	return f, true
}
