package keys

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors. Every error of this package at run time (building,
// splitting, decoding keys and building key conditions) matches ErrInvalid and
// one of the more precise sentinels below through errors.Is.
var (
	// ErrInvalid matches every run-time error of this package.
	ErrInvalid = errors.New("invalid key")
	// ErrEmptyValue: a field's text is empty.
	ErrEmptyValue = errors.New("empty value")
	// ErrSeparator: a text value contains the key separator.
	ErrSeparator = errors.New("value contains the key separator")
	// ErrAmbiguous: the literal that follows a text placeholder would begin
	// inside its value, so the key would not split back into its fields.
	ErrAmbiguous = errors.New("value contains the text that follows it in the template")
	// ErrInvalidText: a text value is not valid UTF-8 or holds a control
	// character (U+0000–U+001F) or U+10FFFF.
	ErrInvalidText = errors.New("invalid text")
	// ErrOutOfRange: a value has no encoding (a time outside years 0000–9999,
	// a float that is NaN, infinite, too large or finer than its fixed format),
	// or a decoded value does not fit the Go type.
	ErrOutOfRange = errors.New("value out of range")
	// ErrKeyTooLong: a key is longer than DynamoDB allows (2,048 bytes for a
	// partition key, 1,024 for a sort key).
	ErrKeyTooLong = errors.New("key too long")
	// ErrMalformed: a text or key is not something this package encodes
	// (wrong width, wrong literal, bad digits, ...).
	ErrMalformed = errors.New("malformed key")
	// ErrInexactRange: a range condition on a text field followed by literal
	// text that no single sort-key condition can express exactly (see Range).
	ErrInexactRange = errors.New("range condition cannot be expressed exactly")
	// ErrEmptyRange: a range condition selects nothing (Between with a > b,
	// GeLt with a >= b); the caller can skip the query.
	ErrEmptyRange = errors.New("empty range")
	// ErrUsage: the template was used against its declaration (a Builder
	// method of the wrong kind, too many or too few fields, an unbound
	// template). Generated code never does this.
	ErrUsage = errors.New("template misuse")
)

// FieldError is an error about one field's value or text. Template and Field
// are empty when the error comes from a standalone encoder or decoder.
type FieldError struct {
	Template string // template source, e.g. "ORDER#{PlacedAt}#{ID}"
	Field    string // field name, e.g. "ID"
	Value    string // the offending text or value, as text
	Err      error  // one of the sentinels
	Detail   string // what exactly is wrong
}

func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString("keys: ")
	if e.Template != "" {
		b.WriteString("key template ")
		b.WriteString(strconv.Quote(e.Template))
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString("field ")
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString("value ")
	b.WriteString(quoteTrunc(e.Value))
	b.WriteString(": ")
	if e.Detail != "" {
		b.WriteString(e.Detail)
	} else {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *FieldError) Unwrap() error { return e.Err }

// Is makes every FieldError match ErrInvalid.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// KeyError is an error about a whole key: too long, malformed, misuse of the
// template, or a condition that cannot be built.
type KeyError struct {
	Template string
	Key      string // the key or condition text, when there is one
	Err      error
	Detail   string
}

func (e *KeyError) Error() string {
	var b strings.Builder
	b.WriteString("keys: key template ")
	b.WriteString(strconv.Quote(e.Template))
	if e.Key != "" {
		b.WriteString(": key ")
		b.WriteString(quoteTrunc(e.Key))
	}
	b.WriteString(": ")
	if e.Detail != "" {
		b.WriteString(e.Detail)
	} else {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *KeyError) Unwrap() error { return e.Err }

// Is makes every KeyError match ErrInvalid.
func (e *KeyError) Is(target error) bool { return target == ErrInvalid }

func quoteTrunc(s string) string {
	if len(s) > 80 {
		return strconv.Quote(s[:80]) + "..."
	}
	return strconv.Quote(s)
}

// TemplateError is a problem in a template's text, found by Parse, Bind or
// CheckLiteralPrefix. Offset is the byte offset in the template source of
// the part at fault, so a caller holding the position of the source (inside a
// struct tag, say) can report file:line:col.
type TemplateError struct {
	Template string
	Offset   int
	Msg      string
}

func (e *TemplateError) Error() string {
	return "key template " + strconv.Quote(e.Template) + " at offset " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

// TemplateErrors is every problem found in one template, in source order.
// Parse and Bind return it (never empty) as their error.
type TemplateErrors []*TemplateError

func (es TemplateErrors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}
