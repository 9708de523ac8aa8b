package keys

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Builder builds one key from typed field values, in template order, appending
// to a byte slice. Its methods take and return it by value, so a key is one
// chain and nothing escapes to the heap but the key:
//
//	sk, err := orderSK.Begin(buf[:0]).Time(o.PlacedAt).Text(o.ID).Key()
//
// The first error is kept and returned by Key or Bytes; later calls do
// nothing.
type Builder struct {
	t     *Template
	buf   []byte
	start int // where the key begins in buf (after dst's bytes)
	i     int
	err   error
}

// Begin starts a key, appending to dst (which may be nil).
func (t *Template) Begin(dst []byte) Builder {
	b := Builder{t: t, buf: dst, start: len(dst)}
	if !t.bound {
		b.err = t.usage("template used before Bind")
		return b
	}
	b.buf = append(b.buf, t.Literals[0].Text...)
	return b
}

func (t *Template) usage(detail string) error {
	return &KeyError{Template: t.Source, Err: ErrUsage, Detail: detail}
}

// next returns the placeholder to fill, checking its encoding.
func (b *Builder) next(enc Encoding) *Placeholder {
	if b.err != nil {
		return nil
	}
	if b.i >= len(b.t.Fields) {
		b.err = b.t.usage("more values than placeholders")
		return nil
	}
	p := &b.t.Fields[b.i]
	if p.Enc != enc {
		b.err = b.t.usage("placeholder {" + p.Field + "} is encoded as " + p.Enc.String() + ", given " + enc.String())
		return nil
	}
	return p
}

// done appends the literal that follows the current placeholder.
func (b *Builder) done() {
	b.i++
	b.buf = append(b.buf, b.t.Literals[b.i].Text...)
}

// Text fills a string placeholder (any named string type: Text(string(v))),
// applying its |lower or |upper modifier. The text must not be empty, must be
// valid UTF-8 without control characters or U+10FFFF, must not contain the
// separator, and the literal that follows the placeholder must not begin
// inside it.
func (b Builder) Text(s string) Builder {
	p := b.next(EncText)
	if p == nil {
		return b
	}
	start := len(b.buf)
	if p.Case != CaseKeep && !utf8.ValidString(s) {
		b.err = b.t.fieldErr(p, s, ErrInvalidText, "is not valid UTF-8")
		return b
	}
	b.buf = appendCase(b.buf, s, p.Case)
	b.checkText(p, start)
	return b
}

// Custom fills a custom-type placeholder with KeyText's results:
//
//	b.Custom(o.SKU.KeyText())
//
// The text follows Text's rules (no modifier applies).
func (b Builder) Custom(s string, err error) Builder {
	p := b.next(EncText)
	if p == nil {
		return b
	}
	if err != nil {
		b.err = &FieldError{Template: b.t.Source, Field: p.Field, Value: s, Err: err, Detail: "KeyText: " + err.Error()}
		return b
	}
	start := len(b.buf)
	b.buf = append(b.buf, s...)
	b.checkText(p, start)
	return b
}

func (b *Builder) checkText(p *Placeholder, start int) {
	v := b.buf[start:]
	// fast path: printable ASCII without the separator
	sep, ok := b.t.Sep, len(v) > 0
	for _, c := range v {
		if !b.t.plain[c] {
			ok = false
			break
		}
	}
	if !ok {
		if why, detail := textProblem(v, sep, utf8.Valid(v)); why != nil {
			b.err = b.t.fieldErr(p, string(v), why, detail)
			return
		}
	}
	b.done()
	if p.scan {
		lit := b.t.Literals[b.i].Text
		if j := indexFrom(b.buf[start:], lit); j != len(v) {
			b.err = b.t.fieldErr(p, string(v), ErrAmbiguous, "contains "+strconv.Quote(lit)+" (or ends with its beginning), the text that follows {"+p.Field+"} in the template, so the key would not split back into its fields")
		}
	}
}

func indexFrom(b []byte, lit string) int {
	for i := 0; i+len(lit) <= len(b); i++ {
		if string(b[i:i+len(lit)]) == lit {
			return i
		}
	}
	return -1
}

func (t *Template) fieldErr(p *Placeholder, v string, err error, detail string) error {
	return &FieldError{Template: t.Source, Field: p.Field, Value: v, Err: err, Detail: detail}
}

// textProblem checks a text value: not empty, valid UTF-8 (valid is the
// caller's utf8.Valid), no control character, no U+10FFFF, no separator.
func textProblem[S string | []byte](s S, sep byte, valid bool) (error, string) {
	if len(s) == 0 {
		return ErrEmptyValue, "is empty: a key field needs text (leave a sparse index's key out instead)"
	}
	if !valid {
		return ErrInvalidText, "is not valid UTF-8"
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == sep:
			return ErrSeparator, "contains the key separator " + strconv.QuoteRune(rune(sep)) + ", which the template reserves between fields"
		case c < 0x20:
			return ErrInvalidText, "holds control character " + strconv.QuoteRune(rune(c))
		case c == 0xF4 && i+3 < len(s) && s[i+1] == 0x8F && s[i+2] == 0xBF && s[i+3] == 0xBF:
			return ErrInvalidText, "holds U+10FFFF, which keys reserve"
		}
	}
	return nil, ""
}

func appendCase(dst []byte, s string, c Case) []byte {
	switch c {
	case CaseLower:
		for i := 0; i < len(s); i++ {
			if s[i] >= utf8.RuneSelf {
				for _, r := range s[i:] {
					dst = utf8.AppendRune(dst, unicode.ToLower(r))
				}
				return dst
			}
			ch := s[i]
			if 'A' <= ch && ch <= 'Z' {
				ch += 'a' - 'A'
			}
			dst = append(dst, ch)
		}
		return dst
	case CaseUpper:
		for i := 0; i < len(s); i++ {
			if s[i] >= utf8.RuneSelf {
				for _, r := range s[i:] {
					dst = utf8.AppendRune(dst, unicode.ToUpper(r))
				}
				return dst
			}
			ch := s[i]
			if 'a' <= ch && ch <= 'z' {
				ch -= 'a' - 'A'
			}
			dst = append(dst, ch)
		}
		return dst
	}
	return append(dst, s...)
}

// inCase reports whether s is unchanged by its case modifier.
func inCase(s string, c Case) bool {
	for _, r := range s {
		switch {
		case c == CaseLower && unicode.ToLower(r) != r:
			return false
		case c == CaseUpper && unicode.ToUpper(r) != r:
			return false
		}
	}
	return true
}

// Int fills a signed-integer placeholder: Int(int64(v)) for any signed kind.
func (b Builder) Int(v int64) Builder {
	if b.next(EncInt) != nil {
		b.buf = AppendInt(b.buf, v)
		b.done()
	}
	return b
}

// Uint fills an unsigned-integer placeholder: Uint(uint64(v)).
func (b Builder) Uint(v uint64) Builder {
	if b.next(EncUint) != nil {
		b.buf = AppendUint(b.buf, v)
		b.done()
	}
	return b
}

// Time fills a time.Time placeholder (ErrOutOfRange outside years 0000–9999 UTC).
func (b Builder) Time(v time.Time) Builder {
	p := b.next(EncTime)
	if p == nil {
		return b
	}
	buf, err := AppendTime(b.buf, v)
	if err != nil {
		b.err = b.t.wrapField(p, err)
		return b
	}
	b.buf = buf
	b.done()
	return b
}

// Float64 fills a float placeholder of type float64 (or a named one) with its
// |fixed=N format.
func (b Builder) Float64(v float64) Builder { return b.float(v, 64) }

// Float32 fills a float placeholder of type float32 (or a named one).
func (b Builder) Float32(v float32) Builder { return b.float(float64(v), 32) }

func (b Builder) float(v float64, bits int) Builder {
	p := b.next(EncFixed)
	if p == nil {
		return b
	}
	buf, err := AppendFixed(b.buf, v, p.Decimals, bits)
	if err != nil {
		b.err = b.t.wrapField(p, err)
		return b
	}
	b.buf = buf
	b.done()
	return b
}

func (t *Template) wrapField(p *Placeholder, err error) error {
	if fe, ok := err.(*FieldError); ok {
		c := *fe
		c.Template, c.Field = t.Source, p.Field
		return &c
	}
	return err
}

// Bytes ends the key: the slice Begin was given with the key appended, or the
// first error. A key longer than the role allows is ErrKeyTooLong.
func (b Builder) Bytes() ([]byte, error) {
	if b.err != nil {
		return nil, b.err
	}
	if b.i != len(b.t.Fields) {
		return nil, b.t.usage("placeholder {" + b.t.Fields[b.i].Field + "} was not filled")
	}
	return b.buf, b.t.checkLen(len(b.buf)-b.start, b.buf[b.start:])
}

// Key ends the key and returns it as a string (the only allocation when
// Begin was given a buffer large enough).
func (b Builder) Key() (string, error) {
	buf, err := b.Bytes()
	if err != nil {
		return "", err
	}
	return string(buf), nil
}

func (t *Template) checkLen(n int, key []byte) error {
	if n > t.Role.MaxLen() {
		return &KeyError{Template: t.Source, Key: string(key), Err: ErrKeyTooLong,
			Detail: "key of " + strconv.Itoa(n) + " bytes is over DynamoDB's limit of " + strconv.Itoa(t.Role.MaxLen()) + " bytes for a " + t.Role.String()}
	}
	return nil
}

// Append builds a key from its fields' encoded texts (in template order), as
// Split returns them or the Format/Append functions produce them. A text
// placeholder's case modifier is applied; a fixed-width text must be one its
// encoding produces. Every check of the Builder applies.
func (t *Template) Append(dst []byte, texts ...string) ([]byte, error) {
	if !t.bound {
		return dst, t.usage("template used before Bind")
	}
	if len(texts) != len(t.Fields) {
		return dst, t.usage("template has " + strconv.Itoa(len(t.Fields)) + " placeholders, given " + strconv.Itoa(len(texts)) + " texts")
	}
	b := t.Begin(dst)
	for i, s := range texts {
		p := &t.Fields[i]
		if p.Enc == EncText {
			b = b.Text(s)
			continue
		}
		if err := t.checkEncoded(p, s); err != nil {
			return dst, err
		}
		b.buf = append(b.buf, s...)
		b.done()
	}
	return b.Bytes()
}

// checkEncoded checks a fixed-width placeholder's text.
func (t *Template) checkEncoded(p *Placeholder, s string) error {
	var err error
	switch p.Enc {
	case EncInt:
		_, err = parseInt64(s)
	case EncUint:
		_, err = parseUint64(s)
	case EncTime:
		_, err = ParseTime(s)
	case EncFixed:
		_, err = ParseFixed[float64](s, p.Decimals)
	}
	if err != nil {
		return t.wrapField(p, err)
	}
	return nil
}

// Split parses a key this template built back into its fields' encoded
// texts (substrings of key, appended to dst), for the Parse functions to
// decode: an item read from a KEYS_ONLY index still yields its typed key.
// Split accepts exactly the keys Append and the Builder produce, and for them
// Append(Split(key)) == key; anything else is ErrMalformed.
func (t *Template) Split(dst []string, key string) ([]string, error) {
	if !t.bound {
		return dst, t.usage("template used before Bind")
	}
	bad := func(detail string) ([]string, error) {
		return dst, &KeyError{Template: t.Source, Key: key, Err: ErrMalformed, Detail: detail}
	}
	lit0 := t.Literals[0].Text
	if !strings.HasPrefix(key, lit0) {
		return bad("does not begin with " + strconv.Quote(lit0))
	}
	pos := len(lit0)
	out := dst
	for i := range t.Fields {
		p := &t.Fields[i]
		next := t.Literals[i+1].Text
		var end int
		switch w := p.Width(); {
		case w > 0:
			end = pos + w
			if end > len(key) {
				return bad("too short for {" + p.Field + "}")
			}
			if err := t.checkEncoded(p, key[pos:end]); err != nil {
				detail := err.Error()
				if fe, ok := err.(*FieldError); ok {
					detail = fe.Detail
				}
				return bad("{" + p.Field + "}: value " + quoteTrunc(key[pos:end]) + ": " + detail)
			}
		case next == "":
			end = len(key)
		default:
			j := strings.Index(key[pos:], next)
			if j < 0 {
				return bad("no " + strconv.Quote(next) + " after {" + p.Field + "}")
			}
			end = pos + j
		}
		v := key[pos:end]
		if p.Enc == EncText {
			if why, detail := textProblem(v, t.Sep, utf8.ValidString(v)); why != nil {
				return bad("{" + p.Field + "}: value " + quoteTrunc(v) + ": " + detail)
			}
			if !inCase(v, p.Case) {
				return bad("{" + p.Field + "}: value " + quoteTrunc(v) + ": is not in the case its modifier writes")
			}
		}
		if !strings.HasPrefix(key[end:], next) {
			return bad("no " + strconv.Quote(next) + " after {" + p.Field + "}")
		}
		out = append(out, v)
		pos = end + len(next)
	}
	if pos != len(key) {
		return bad("text after the template's end")
	}
	return out, nil
}
