package keys

import (
	"errors"
	"go/token"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Role is the key attribute a template fills; it sets the key's length limit.
type Role uint8

const (
	// PartitionKey: a table's or index's partition (HASH) key, at most 2,048 bytes.
	PartitionKey Role = iota
	// SortKey: a table's or index's sort (RANGE) key, at most 1,024 bytes.
	SortKey
)

// MaxLen is DynamoDB's limit on a key of the role, in bytes.
func (r Role) MaxLen() int {
	if r == SortKey {
		return 1024
	}
	return 2048
}

func (r Role) String() string {
	if r == SortKey {
		return "sort key"
	}
	return "partition key"
}

// DefaultSep is the separator when a table names none.
const DefaultSep = '#'

// Kind is the Go type category of a placeholder's field; Bind turns it, with
// the placeholder's modifiers, into an Encoding.
type Kind uint8

const (
	KindString Kind = iota + 1 // string or a named string type
	KindInt                    // int, int8, ..., int64 or a named one
	KindUint                   // uint, ..., uint64, uintptr or a named one
	KindFloat                  // float32, float64 or a named one (needs |fixed=N)
	KindTime                   // time.Time
	KindCustom                 // a type with KeyText / ParseKeyText (Texter, TextParser)
)

var kindNames = [...]string{"", "string", "integer", "unsigned integer", "float", "time.Time", "custom key type"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

func (k Kind) article() string {
	if k == KindInt || k == KindUint {
		return "an " + k.String()
	}
	return "a " + k.String()
}

// Encoding is how a placeholder's value is written in the key.
type Encoding uint8

const (
	EncText  Encoding = iota + 1 // the text itself (strings, custom types), variable width
	EncInt                       // AppendInt, 20 characters
	EncUint                      // AppendUint, 20 digits
	EncTime                      // AppendTime, 30 characters
	EncFixed                     // AppendFixed, FixedWidth(Decimals) characters
)

var encNames = [...]string{"", "text", "int", "uint", "time", "fixed"}

func (e Encoding) String() string {
	if int(e) < len(encNames) {
		return encNames[e]
	}
	return "encoding(" + strconv.Itoa(int(e)) + ")"
}

// Case is a text placeholder's case modifier.
type Case uint8

const (
	CaseKeep  Case = iota // no modifier: the text as it is
	CaseLower             // |lower
	CaseUpper             // |upper
)

// Literal is a run of constant text in a template.
type Literal struct {
	Text   string
	Offset int // byte offset of its first byte in the source
}

// Modifier is one "|name" or "|name=arg" of a placeholder.
type Modifier struct {
	Name, Arg string
	Offset    int // byte offset of the name in the source
}

// Placeholder is one "{Field|mod...}" of a template.
type Placeholder struct {
	Field       string
	Offset      int // byte offset of '{'
	End         int // byte offset just past '}'
	FieldOffset int // byte offset of the field name
	Mods        []Modifier
	Case        Case
	Decimals    int      // |fixed=N, or -1
	Kind        Kind     // set by Bind
	Enc         Encoding // set by Bind
	scan        bool     // text whose following literal lacks the separator: check it does not begin inside the value
}

// Width is the placeholder's encoded width in bytes, or 0 for variable-width
// text. Valid after Bind.
func (p *Placeholder) Width() int {
	switch p.Enc {
	case EncInt:
		return IntWidth
	case EncUint:
		return UintWidth
	case EncTime:
		return TimeWidth
	case EncFixed:
		return FixedWidth(p.Decimals)
	}
	return 0
}

// Template is a parsed key template: Literals[0] Fields[0] Literals[1] ...
// Fields[n-1] Literals[n]. len(Literals) == len(Fields)+1; the first and last
// literal may be empty, the others never are.
type Template struct {
	Source   string
	Role     Role
	Sep      byte
	Literals []Literal
	Fields   []Placeholder
	bound    bool
	litLen   int
	plain    [256]bool // printable ASCII but the separator: text bytes needing no further check
}

// CheckSeparator reports whether sep may be a key separator: a printable
// ASCII punctuation character that is not a brace and that no fixed encoding
// uses ('-', '.', ':'), so no encoded number or time contains it.
func CheckSeparator(sep byte) error {
	if sep < 0x21 || sep > 0x7e || sep == '{' || sep == '}' || sep == '-' || sep == '.' || sep == ':' ||
		(sep >= '0' && sep <= '9') || (sep >= 'a' && sep <= 'z') || (sep >= 'A' && sep <= 'Z') {
		return errors.New("separator " + strconv.QuoteRune(rune(sep)) + " is not allowed: use a printable ASCII punctuation character other than { } - . : (the default is #)")
	}
	return nil
}

// Parse parses a template's text: literal text and placeholders
// "{Field}" or "{Field|modifier|...}" (see the package doc). sep is the
// table's separator (0 means DefaultSep). Every problem is reported, as
// TemplateErrors with byte offsets into src. The result must be bound to its
// fields' kinds (Bind) before use.
func Parse(src string, role Role, sep byte) (*Template, error) {
	if sep == 0 {
		sep = DefaultSep
	}
	t := &Template{Source: src, Role: role, Sep: sep}
	var errs TemplateErrors
	fail := func(off int, msg string) { errs = append(errs, &TemplateError{Template: src, Offset: off, Msg: msg}) }
	if err := CheckSeparator(sep); err != nil {
		fail(0, err.Error())
	}
	if src == "" {
		fail(0, "empty key template: write literal text, placeholders {Field}, or both")
		return nil, errs
	}
	litStart := 0
	endLiteral := func(end int) {
		text := src[litStart:end]
		checkLiteral(text, litStart, fail)
		t.Literals = append(t.Literals, Literal{Text: text, Offset: litStart})
		t.litLen += len(text)
	}
	i := 0
	for i < len(src) {
		switch src[i] {
		case '}':
			fail(i, "'}' without '{': literal text cannot contain braces")
			i++
		case '{':
			endLiteral(i)
			adjacent := len(t.Fields) > 0 && t.Literals[len(t.Fields)].Text == ""
			close := strings.IndexByte(src[i+1:], '}')
			open := strings.IndexByte(src[i+1:], '{')
			if open >= 0 && (close < 0 || open < close) {
				fail(i+1+open, "'{' inside a placeholder: placeholders do not nest and literal text cannot contain braces")
			}
			if close < 0 {
				if open < 0 {
					fail(i, "unclosed '{': a placeholder is {Field} or {Field|modifier}")
				}
				t.Fields = append(t.Fields, Placeholder{Offset: i, End: len(src), Decimals: -1})
				litStart = len(src)
				i = len(src)
				continue
			}
			end := i + 1 + close
			if open >= 0 && open < close {
				t.Fields = append(t.Fields, Placeholder{Field: src[i+1 : end], Offset: i, End: end + 1, FieldOffset: i + 1, Decimals: -1})
			} else {
				t.Fields = append(t.Fields, parsePlaceholder(src, i, end, fail))
			}
			if adjacent {
				a, b := t.Fields[len(t.Fields)-2].Field, t.Fields[len(t.Fields)-1].Field
				fail(i, "placeholders {"+a+"} and {"+b+"} are adjacent: put literal text between them (the separator: {"+a+"}"+string(rune(sep))+"{"+b+"}) so the key splits back into its fields")
			}
			i = end + 1
			litStart = i
		default:
			i++
		}
	}
	endLiteral(len(src))
	if t.litLen > role.MaxLen() {
		fail(0, "fixed text of "+strconv.Itoa(t.litLen)+" bytes is over DynamoDB's limit of "+strconv.Itoa(role.MaxLen())+" bytes for a "+role.String())
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Offset < errs[j].Offset })
		return nil, errs
	}
	return t, nil
}

func checkLiteral(text string, off int, fail func(int, string)) {
	for j := 0; j < len(text); {
		r, size := utf8.DecodeRuneInString(text[j:])
		switch {
		case r == utf8.RuneError && size == 1:
			fail(off+j, "literal text is not valid UTF-8")
			return
		case r < 0x20:
			fail(off+j, "literal text holds control character "+strconv.QuoteRune(r))
			return
		case r == maxRune:
			fail(off+j, "literal text holds U+10FFFF, which key conditions reserve as their upper bound")
			return
		}
		j += size
	}
}

func parsePlaceholder(src string, open, close int, fail func(int, string)) Placeholder {
	p := Placeholder{Offset: open, End: close + 1, FieldOffset: open + 1, Decimals: -1}
	inner := src[open+1 : close]
	parts := strings.Split(inner, "|")
	p.Field = parts[0]
	switch {
	case p.Field == "":
		fail(open+1, "empty field name: a placeholder is {Field} or {Field|modifier}")
	case !isIdent(p.Field):
		fail(open+1, "field name "+strconv.Quote(p.Field)+" is not a Go identifier")
	}
	off := open + 1 + len(parts[0])
	seen := map[string]bool{}
	for _, m := range parts[1:] {
		off++ // the '|'
		name, arg, hasArg := strings.Cut(m, "=")
		mod := Modifier{Name: name, Arg: arg, Offset: off}
		p.Mods = append(p.Mods, mod)
		switch {
		case name == "":
			fail(off, "empty modifier after '|' (known: lower, upper, fixed=N)")
		case seen[name]:
			fail(off, "modifier "+name+" given twice")
		case name == "lower" || name == "upper":
			if hasArg {
				fail(off, "modifier "+name+" takes no argument")
			} else if p.Case != CaseKeep {
				fail(off, "modifiers lower and upper exclude each other")
			} else if name == "lower" {
				p.Case = CaseLower
			} else {
				p.Case = CaseUpper
			}
		case name == "fixed":
			n, err := strconv.Atoi(arg)
			if !hasArg || err != nil || n < 0 || n > MaxDecimals || arg != strconv.Itoa(n) {
				fail(off, "modifier fixed needs a number of decimals from 0 to 18, e.g. {"+p.Field+"|fixed=2}")
			} else {
				p.Decimals = n
			}
		default:
			fail(off, "unknown modifier "+strconv.Quote(name)+" (known: lower, upper, fixed=N)")
		}
		seen[name] = true
		off += len(m)
	}
	return p
}

func isIdent(s string) bool { return token.IsIdentifier(s) }

// Bind sets each placeholder's Kind (in template order) and resolves its
// Encoding from the kind and the modifiers. Problems are TemplateErrors at the
// offending placeholder or modifier. A template is usable at run time only
// once bound.
func (t *Template) Bind(kinds ...Kind) error {
	var errs TemplateErrors
	fail := func(off int, msg string) {
		errs = append(errs, &TemplateError{Template: t.Source, Offset: off, Msg: msg})
	}
	if len(kinds) != len(t.Fields) {
		fail(0, "template has "+strconv.Itoa(len(t.Fields))+" placeholders but "+strconv.Itoa(len(kinds))+" field kinds were given")
		return errs
	}
	minLen := t.litLen
	for i := range t.Fields {
		p := &t.Fields[i]
		p.Kind = kinds[i]
		for _, m := range p.Mods {
			switch {
			case (m.Name == "lower" || m.Name == "upper") && p.Kind != KindString:
				fail(m.Offset, "modifier "+m.Name+" applies to string fields; "+p.Field+" is "+p.Kind.article())
			case m.Name == "fixed" && p.Kind != KindFloat:
				fail(m.Offset, "modifier fixed applies to float fields; "+p.Field+" is "+p.Kind.article())
			}
		}
		switch p.Kind {
		case KindString, KindCustom:
			p.Enc = EncText
		case KindInt:
			p.Enc = EncInt
		case KindUint:
			p.Enc = EncUint
		case KindTime:
			p.Enc = EncTime
		case KindFloat:
			p.Enc = EncFixed
			if p.Decimals < 0 {
				fail(p.Offset, "float field "+p.Field+" needs a fixed format to sort as numbers in a key, e.g. {"+p.Field+"|fixed=2}")
			}
		default:
			fail(p.Offset, "field "+p.Field+" has no key encoding (kind "+p.Kind.String()+")")
		}
		w := p.Width()
		if w == 0 {
			w = 1
		}
		minLen += w
		lit := t.Literals[i+1].Text
		p.scan = p.Enc == EncText && lit != "" && strings.IndexByte(lit, t.Sep) < 0
	}
	if minLen > t.Role.MaxLen() {
		fail(0, "every key of this template is at least "+strconv.Itoa(minLen)+" bytes, over DynamoDB's limit of "+strconv.Itoa(t.Role.MaxLen())+" bytes for a "+t.Role.String())
	}
	if len(errs) > 0 {
		return errs
	}
	for c := 0x20; c < 0x80; c++ {
		t.plain[c] = byte(c) != t.Sep
	}
	t.bound = true
	return nil
}

// CheckLiteralPrefix reports a template that does not begin with literal
// text. A sort-key template needs one, so that entities sharing an index are
// told apart by their keys.
func (t *Template) CheckLiteralPrefix() error {
	if t.Literals[0].Text != "" {
		return nil
	}
	return TemplateErrors{{Template: t.Source, Offset: 0, Msg: "a " + t.Role.String() + " template must begin with literal text naming the entity (e.g. ORDER" + string(rune(t.Sep)) + t.Source + ") so entities sharing an index are told apart by their keys"}}
}

// MustBind parses and binds a template, panicking on error: for generated
// code, whose templates the generator has already checked.
func MustBind(src string, role Role, sep byte, kinds ...Kind) *Template {
	t, err := Parse(src, role, sep)
	if err != nil {
		panic(err)
	}
	if err := t.Bind(kinds...); err != nil {
		panic(err)
	}
	return t
}

// FieldNames lists the template's field names in order.
func (t *Template) FieldNames() []string {
	names := make([]string, len(t.Fields))
	for i, p := range t.Fields {
		names[i] = p.Field
	}
	return names
}

// IsConstant reports whether the template has no placeholder (a fixed-text
// key such as "PROFILE").
func (t *Template) IsConstant() bool { return len(t.Fields) == 0 }

// String returns the template's source.
func (t *Template) String() string { return t.Source }

// maxRune (U+10FFFF) never occurs in a key: literals and text values refuse
// it, so Key conditions use it as an upper bound.
const maxRune = 0x10FFFF

const maxRuneText = "\U0010FFFF"

var kindTags = [...]string{"", "string", "int", "uint", "float", "time", "custom"}

// Normalized returns the bound template in a canonical form naming each
// field with its kind and modifiers, e.g. "ORDER#{PlacedAt:time}#{ID:string}"
// or "EMAIL#{Email:string|lower}", "PRICE#{P:float|fixed=2}". Two templates
// with the same normalized form build the same keys from the same values, so
// recording it detects a change that would strand stored items (a literal, a
// field, an encoding, a modifier). The separator is not part of it.
func (t *Template) Normalized() string { return t.normalized(true) }

// Shape is Normalized without the field names, e.g. "CUSTOMER#{string}": the
// partition templates of a collection's members have one shape.
func (t *Template) Shape() string { return t.normalized(false) }

func (t *Template) normalized(names bool) string {
	var b strings.Builder
	for i, l := range t.Literals {
		b.WriteString(l.Text)
		if i == len(t.Fields) {
			break
		}
		p := &t.Fields[i]
		b.WriteByte('{')
		if names {
			b.WriteString(p.Field)
			b.WriteByte(':')
		}
		if int(p.Kind) < len(kindTags) {
			b.WriteString(kindTags[p.Kind])
		}
		switch p.Case {
		case CaseLower:
			b.WriteString("|lower")
		case CaseUpper:
			b.WriteString("|upper")
		}
		if p.Decimals >= 0 {
			b.WriteString("|fixed=" + strconv.Itoa(p.Decimals))
		}
		b.WriteByte('}')
	}
	return b.String()
}

// ParseNormalized parses and binds a template written in its Normalized form
// ("ORDER#{PlacedAt:time}#{ID:string}", "EMAIL#{Email:string|lower}"): the
// form stelviogen records each entity's templates in and its template guard
// prints, so the templates of stored items are described without restating
// the fields' kinds. ParseNormalized(t.Normalized(), t.Role, t.Sep) builds the
// keys t builds.
func ParseNormalized(src string, role Role, sep byte) (*Template, error) {
	var plain strings.Builder
	var kinds []Kind
	rest := src
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			plain.WriteString(rest)
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return nil, TemplateErrors{{Template: src, Offset: len(src) - len(rest) + open, Msg: "unclosed '{'"}}
		}
		ph := rest[open+1 : open+end]
		name, mods, _ := strings.Cut(ph, "|")
		field, kindName, ok := strings.Cut(name, ":")
		kind := Kind(0)
		for k, tag := range kindTags {
			if tag != "" && tag == kindName {
				kind = Kind(k)
			}
		}
		if !ok || kind == 0 {
			return nil, TemplateErrors{{Template: src, Offset: len(src) - len(rest) + open + 1, Msg: "placeholder {" + ph + "} has no kind: write {Field:kind} with kind one of string, int, uint, float, time, custom (as the template guard prints it)"}}
		}
		kinds = append(kinds, kind)
		plain.WriteString(rest[:open+1])
		plain.WriteString(field)
		if mods != "" {
			plain.WriteString("|" + mods)
		}
		plain.WriteByte('}')
		rest = rest[open+end+1:]
	}
	t, err := Parse(plain.String(), role, sep)
	if err != nil {
		return nil, err
	}
	if err := t.Bind(kinds...); err != nil {
		return nil, err
	}
	return t, nil
}

// MustParseNormalized is ParseNormalized, panicking on error.
func MustParseNormalized(src string, role Role, sep byte) *Template {
	t, err := ParseNormalized(src, role, sep)
	if err != nil {
		panic(err)
	}
	return t
}
