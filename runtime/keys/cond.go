package keys

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// Op is a range operator on one field of a sort-key template.
type Op uint8

const (
	Lt      Op = iota + 1 // v < a
	Le                    // v <= a
	Gt                    // v > a
	Ge                    // v >= a
	Between               // a <= v <= b
	GeLt                  // a <= v < b
)

var opNames = [...]string{"", "Lt", "Le", "Gt", "Ge", "Between", "GeLt"}

func (o Op) String() string {
	if int(o) < len(opNames) {
		return opNames[o]
	}
	return "Op(" + strconv.Itoa(int(o)) + ")"
}

// CondKind is the kind of a sort-key condition.
type CondKind uint8

const (
	// CondNone: no sort-key condition (no field given and the template has no
	// literal prefix).
	CondNone       CondKind = iota
	CondEq                  // sk = A
	CondBeginsWith          // begins_with(sk, A)
	CondBetween             // sk BETWEEN A AND B
)

var condNames = [...]string{"none", "=", "begins_with", "BETWEEN"}

func (k CondKind) String() string {
	if int(k) < len(condNames) {
		return condNames[k]
	}
	return "CondKind(" + strconv.Itoa(int(k)) + ")"
}

// Cond is one key condition on a sort key, as DynamoDB's KeyConditionExpression
// takes it: Kind with its operands A (and B for BETWEEN).
type Cond struct {
	Kind CondKind
	A, B string
}

// Match reports whether the sort key sk satisfies the condition, as DynamoDB
// evaluates it (byte order of UTF-8).
func (c Cond) Match(sk string) bool {
	switch c.Kind {
	case CondEq:
		return sk == c.A
	case CondBeginsWith:
		return len(sk) >= len(c.A) && sk[:len(c.A)] == c.A
	case CondBetween:
		return c.A <= sk && sk <= c.B
	}
	return true
}

// prefix builds Literals[0] eq[0] Literals[1] ... eq[k-1] Literals[k].
func (t *Template) prefix(eq []string) ([]byte, error) {
	if !t.bound {
		return nil, t.usage("template used before Bind")
	}
	if len(eq) > len(t.Fields) {
		return nil, t.usage("template has " + strconv.Itoa(len(t.Fields)) + " placeholders, given " + strconv.Itoa(len(eq)) + " texts")
	}
	b := t.Begin(make([]byte, 0, 64))
	for i, s := range eq {
		p := &t.Fields[i]
		if p.Enc == EncText {
			b = b.Text(s)
			continue
		}
		if err := t.checkEncoded(p, s); err != nil {
			return nil, err
		}
		b.buf = append(b.buf, s...)
		b.done()
	}
	if b.err != nil {
		return nil, b.err
	}
	if err := t.checkLen(len(b.buf)-b.start, b.buf[b.start:]); err != nil {
		return nil, err
	}
	return b.buf, nil
}

// Prefix returns the condition selecting exactly the keys of this template
// whose first len(eq) fields equal the encoded texts eq (as Append takes
// them): with every field given, sk = the key; with fewer,
// begins_with(sk, prefix) where the prefix ends with the literal that follows
// the last given field, so a complete value never matches a longer one
// ("eu#" does not match "eu-west#"); with none, begins_with the literal prefix
// (CondNone when there is none). When the next field has a fixed width
// (number, time), the condition is instead BETWEEN the prefix followed by
// that encoding's least text and the prefix followed by its greatest text and
// U+10FFFF: the same keys of this template, but no key of another shape under
// the same literal (ORDER#PROFILE beside ORDER#{N} with an integer N).
func (t *Template) Prefix(eq ...string) (Cond, error) {
	if len(eq) == len(t.Fields) && t.bound {
		key, err := t.Append(nil, eq...)
		if err != nil {
			return Cond{}, err
		}
		return Cond{Kind: CondEq, A: string(key)}, nil
	}
	p, err := t.prefix(eq)
	if err != nil {
		return Cond{}, err
	}
	if next := &t.Fields[len(eq)]; next.Width() > 0 {
		lo, hi := next.extremes()
		return t.fit(Cond{Kind: CondBetween, A: string(p) + lo, B: string(p) + hi + maxRuneText}, "Prefix")
	}
	if len(p) == 0 {
		return Cond{Kind: CondNone}, nil
	}
	return Cond{Kind: CondBeginsWith, A: string(p)}, nil
}

// extremes returns the least and greatest texts of a fixed-width encoding.
func (p *Placeholder) extremes() (lo, hi string) {
	switch p.Enc {
	case EncInt:
		return FormatInt(int64(math.MinInt64)), FormatInt(int64(math.MaxInt64))
	case EncUint:
		return FormatUint(uint64(0)), FormatUint(uint64(math.MaxUint64))
	case EncTime:
		return "0000-01-01T00:00:00.000000000Z", "9999-12-31T23:59:59.999999999Z"
	case EncFixed:
		return withPoint(FormatInt(int64(math.MinInt64)), p.Decimals), withPoint(FormatInt(int64(math.MaxInt64)), p.Decimals)
	}
	return "", ""
}

func withPoint(s string, decimals int) string {
	if decimals == 0 {
		return s
	}
	return s[:len(s)-decimals] + "." + s[len(s)-decimals:]
}

// Exact reports whether op on field j can be expressed as one sort-key
// condition selecting exactly the keys whose field j satisfies it: always for
// fixed-width fields (numbers, times) and for a text field at the end of the
// template; for a text field followed by literal text only Ge, Lt and GeLt,
// and Range still refuses values for which even those are not exact (see
// Range). An entity's KeyParts handle (ddb.KeyPart, shared by every
// template a field is in) offers every operator: one for which Exact does not
// hold fails before anything is sent, with ErrInexactRange.
func (t *Template) Exact(j int, op Op) bool {
	if j < 0 || j >= len(t.Fields) || op < Lt || op > GeLt {
		return false
	}
	if t.Fields[j].Enc != EncText || t.Literals[j+1].Text == "" {
		return true
	}
	return op == Ge || op == Lt || op == GeLt
}

// Range returns the condition selecting exactly the keys of this template
// whose first len(eq) fields equal eq and whose next field v satisfies
// "v op a" (Between and GeLt use b too), where order is the order of the
// encoded texts (for numbers and times, their natural order). Texts are
// encoded as Append takes them. The result is always sk BETWEEN A AND B with
// both bounds inside the range of the equality prefix, so no key without that
// prefix (another entity's, say) is ever selected; operators are never
// rewritten into a condition that selects more or less. For a fixed-width
// field the open end is the encoding's least or greatest text, as in Prefix.
//
// Text fields followed by literal text L: a value that extends another with a
// character below L's first (a space before '#', say: "eu west" after "eu")
// sorts before it in keys, so Gt, Le and Between cannot be exact and are
// ErrInexactRange; Ge, Lt and GeLt are exact when every character of the
// bound after its first sorts above L's first character, otherwise
// ErrInexactRange too. Between with a > b, GeLt with a >= b and any
// condition no value can meet whose bounds DynamoDB would refuse (Lt on an
// encoding's least text) are ErrEmptyRange. Bounds stay within DynamoDB's
// key limit: an upper bound over it is cut to one that selects the same keys
// (see fit); a lower bound over it (Gt on a value whose key is already at
// the limit) is ErrKeyTooLong.
func (t *Template) Range(eq []string, op Op, a, b string) (Cond, error) {
	p, err := t.prefix(eq)
	if err != nil {
		return Cond{}, err
	}
	j := len(eq)
	if j >= len(t.Fields) {
		return Cond{}, t.usage("a range needs a field after the " + strconv.Itoa(j) + " equal ones")
	}
	if op < Lt || op > GeLt {
		return Cond{}, t.usage("unknown operator " + op.String())
	}
	ph := &t.Fields[j]
	inexact := func(detail string) (Cond, error) {
		return Cond{}, &KeyError{Template: t.Source, Err: ErrInexactRange, Detail: op.String() + " on {" + ph.Field + "}: " + detail}
	}
	if !t.Exact(j, op) {
		c, _ := utf8.DecodeRuneInString(t.Literals[j+1].Text)
		return inexact("a value that extends another with a character below " + strconv.QuoteRune(c) + " sorts before it in keys; use Ge, Lt or GeLt")
	}
	ea, err := t.encodeBound(ph, j, a)
	if err != nil {
		return Cond{}, err
	}
	var eb string
	if op == Between || op == GeLt {
		if eb, err = t.encodeBound(ph, j, b); err != nil {
			return Cond{}, err
		}
		if (op == Between && ea > eb) || (op == GeLt && ea >= eb) {
			return Cond{}, &KeyError{Template: t.Source, Err: ErrEmptyRange, Detail: op.String() + " on {" + ph.Field + "}: " + strconv.Quote(a) + " to " + strconv.Quote(b) + " selects nothing"}
		}
	}
	if ph.Enc == EncText && t.Literals[j+1].Text != "" {
		c, _ := utf8.DecodeRuneInString(t.Literals[j+1].Text)
		for _, e := range []string{ea, eb} {
			if _, size := utf8.DecodeRuneInString(e); e != "" {
				for _, r := range e[size:] {
					if r <= c {
						return inexact("bound " + strconv.Quote(e) + " holds " + strconv.QuoteRune(r) + ", which does not sort above " + strconv.QuoteRune(c) + " (the text after the field), so keys and values would not be in the same order there")
					}
				}
			}
		}
	}
	P := string(p)
	fixed := ph.Width() > 0
	last := t.Literals[j+1].Text == ""
	bottom, top := P, P+maxRuneText
	if fixed {
		lo, hi := ph.extremes()
		bottom, top = P+lo, P+hi+maxRuneText
	}
	var c Cond
	switch op {
	case Ge:
		c = Cond{Kind: CondBetween, A: P + ea, B: top}
	case Gt:
		if fixed {
			c = Cond{Kind: CondBetween, A: P + ea + maxRuneText, B: top}
		} else {
			// text at the end: the least value above ea is ea + "\x01" (values hold no U+0000)
			c = Cond{Kind: CondBetween, A: P + ea + "\x01", B: top}
		}
	case Le:
		if fixed && !last {
			c = Cond{Kind: CondBetween, A: bottom, B: P + ea + maxRuneText}
		} else {
			c = Cond{Kind: CondBetween, A: bottom, B: P + ea}
		}
	case Lt:
		c = Cond{Kind: CondBetween, A: bottom, B: P + decLast(ea) + maxRuneText}
	case Between:
		if fixed && !last {
			c = Cond{Kind: CondBetween, A: P + ea, B: P + eb + maxRuneText}
		} else {
			c = Cond{Kind: CondBetween, A: P + ea, B: P + eb}
		}
	default: // GeLt
		c = Cond{Kind: CondBetween, A: P + ea, B: P + decLast(eb) + maxRuneText}
	}
	// DynamoDB refuses BETWEEN with a lower bound above the upper one
	// (Lt on the least value of an encoding, say): nothing is selected.
	if c.A > c.B {
		return Cond{}, &KeyError{Template: t.Source, Err: ErrEmptyRange, Detail: op.String() + " on {" + ph.Field + "}: " + strconv.Quote(a) + " selects nothing"}
	}
	return t.fit(c, op.String()+" on {"+ph.Field+"}")
}

// fit keeps a BETWEEN condition's bounds within DynamoDB's limit for a key
// of the template's role (it refuses a longer bound). An upper bound B over
// the limit L becomes fitUpper(B, L), which selects the same keys of at
// most L bytes (no other key exists). A lower bound over the limit is
// ErrKeyTooLong (Gt on a value whose key is already L bytes long: use Ge
// on the next value).
func (t *Template) fit(c Cond, what string) (Cond, error) {
	max := t.Role.MaxLen()
	if c.Kind != CondBetween || (len(c.A) <= max && len(c.B) <= max) {
		return c, nil
	}
	if len(c.A) > max {
		return Cond{}, &KeyError{Template: t.Source, Key: c.A, Err: ErrKeyTooLong,
			Detail: what + ": the lower bound is " + strconv.Itoa(len(c.A)) + " bytes, over DynamoDB's limit of " + strconv.Itoa(max) + " bytes for a " + t.Role.String() + " (the value's key is already at the limit): use Ge on the next value"}
	}
	c.B = fitUpper(c.B, max)
	if c.A > c.B {
		return Cond{}, &KeyError{Template: t.Source, Err: ErrEmptyRange, Detail: what + ": selects nothing"}
	}
	return c, nil
}

// fitUpper returns the greatest string of at most max bytes that is not
// above b in byte order, when b is longer: b cut at the last rune boundary
// at or before max, followed by the greatest rune that fills the bytes left
// (U+007F, U+07FF or U+FFFF: UTF-8 sorts a rune of fewer bytes below one of
// more). A key k of at most max bytes is at most b exactly when it is at
// most fitUpper(b, max): past the cut, a key can only hold a rune of at
// most the bytes left, which sorts below b's next rune.
func fitUpper(b string, max int) string {
	if len(b) <= max {
		return b
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(b[cut]) {
		cut--
	}
	switch max - cut {
	case 1:
		return b[:cut] + "\u007f"
	case 2:
		return b[:cut] + "\u07ff"
	case 3:
		return b[:cut] + "\uffff"
	}
	return b[:cut]
}

// encodeBound checks a range bound as a value of field j (applying a text
// field's case modifier) and returns its text.
func (t *Template) encodeBound(ph *Placeholder, j int, s string) (string, error) {
	if ph.Enc != EncText {
		if err := t.checkEncoded(ph, s); err != nil {
			return "", err
		}
		return s, nil
	}
	b := Builder{t: t, i: j}
	b = b.Text(s)
	if b.err != nil {
		return "", b.err
	}
	return string(b.buf[:len(b.buf)-len(t.Literals[j+1].Text)]), nil
}

// decLast returns s with its last rune decremented (skipping the surrogate
// block). s is a valid value, so its last rune is at least U+0020.
func decLast(s string) string {
	r, size := utf8.DecodeLastRuneInString(s)
	r--
	if r >= 0xD800 && r <= 0xDFFF {
		r = 0xD7FF
	}
	return string(utf8.AppendRune([]byte(s[:len(s)-size]), r))
}
