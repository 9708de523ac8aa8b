package ddbjson

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Writer writes DynamoDB JSON as the SDK's serializer writes it: the same
// string escapes (encoding/json's, without HTML escaping, and DEL; invalid
// UTF-8 as U+FFFD; U+2028 and U+2029 escaped), numbers as their text, binaries in
// padded standard base64. Generated per-model encoders write an item with
// BeginItem, Name and a value method per attribute, and EndItem.
type Writer struct {
	buf []byte
}

// Bytes returns what was written.
func (w *Writer) Bytes() []byte { return w.buf }

// Reset empties w, keeping its array.
func (w *Writer) Reset() { w.buf = w.buf[:0] }

// sep writes the comma before an element that is not the first.
func (w *Writer) sep() {
	if n := len(w.buf); n > 0 {
		switch w.buf[n-1] {
		case '{', '[', ':':
		default:
			w.buf = append(w.buf, ',')
		}
	}
}

// BeginItem starts an item (or the value of an M, after BeginM).
func (w *Writer) BeginItem() { w.sep(); w.buf = append(w.buf, '{') }

// EndItem ends an item.
func (w *Writer) EndItem() { w.buf = append(w.buf, '}') }

// Name writes the name of the next attribute.
func (w *Writer) Name(name string) {
	w.sep()
	w.str(name)
	w.buf = append(w.buf, ':')
}

func (w *Writer) tag(t string) {
	w.sep()
	w.buf = append(w.buf, `{"`...)
	w.buf = append(w.buf, t...)
	w.buf = append(w.buf, `":`...)
}

// S writes an S.
func (w *Writer) S(s string) { w.tag("S"); w.str(s); w.buf = append(w.buf, '}') }

// N writes an N of the given text.
func (w *Writer) N(text string) { w.tag("N"); w.str(text); w.buf = append(w.buf, '}') }

// Int writes an N as attributevalue formats an integer.
func (w *Writer) Int(v int64) {
	w.tag("N")
	w.buf = append(w.buf, '"')
	w.buf = strconv.AppendInt(w.buf, v, 10)
	w.buf = append(w.buf, `"}`...)
}

// Uint writes an N of an unsigned integer.
func (w *Writer) Uint(v uint64) {
	w.tag("N")
	w.buf = append(w.buf, '"')
	w.buf = strconv.AppendUint(w.buf, v, 10)
	w.buf = append(w.buf, `"}`...)
}

// Float writes an N as attributevalue formats a float ('f', -1); a NaN or
// an infinity is an error (DynamoDB refuses them).
func (w *Writer) Float(v float64, bits int) error {
	if v-v != 0 {
		return fmt.Errorf("ddbjson: %v cannot be stored: DynamoDB numbers cannot be NaN or infinite", v)
	}
	w.tag("N")
	w.buf = append(w.buf, '"')
	w.buf = strconv.AppendFloat(w.buf, v, 'f', -1, bits)
	w.buf = append(w.buf, `"}`...)
	return nil
}

// B writes a B.
func (w *Writer) B(b []byte) { w.tag("B"); w.b64(b); w.buf = append(w.buf, '}') }

// Bool writes a BOOL.
func (w *Writer) Bool(b bool) {
	w.tag("BOOL")
	w.buf = strconv.AppendBool(w.buf, b)
	w.buf = append(w.buf, '}')
}

// Null writes a NULL.
func (w *Writer) Null() { w.tag("NULL"); w.buf = append(w.buf, "true}"...) }

// BeginL starts an L: write its elements, then EndL.
func (w *Writer) BeginL() { w.tag("L"); w.buf = append(w.buf, '[') }

// EndL ends an L.
func (w *Writer) EndL() { w.buf = append(w.buf, "]}"...) }

// BeginM starts an M: write its attributes with Name, then EndM.
func (w *Writer) BeginM() { w.tag("M"); w.buf = append(w.buf, '{') }

// EndM ends an M.
func (w *Writer) EndM() { w.buf = append(w.buf, "}}"...) }

// SS writes an SS (NS with ns: the texts of its numbers).
func (w *Writer) SS(ss []string, ns bool) {
	if ns {
		w.tag("NS")
	} else {
		w.tag("SS")
	}
	w.buf = append(w.buf, '[')
	for i, s := range ss {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.str(s)
	}
	w.buf = append(w.buf, "]}"...)
}

// BS writes a BS.
func (w *Writer) BS(bs [][]byte) {
	w.tag("BS")
	w.buf = append(w.buf, '[')
	for i, b := range bs {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.b64(b)
	}
	w.buf = append(w.buf, "]}"...)
}

func (w *Writer) b64(b []byte) {
	if b == nil {
		w.buf = append(w.buf, "null"...) // as the SDK writes a nil blob
		return
	}
	w.buf = append(w.buf, '"')
	w.buf = base64.StdEncoding.AppendEncode(w.buf, b)
	w.buf = append(w.buf, '"')
}

// AttributeValue writes an attribute value of the SDK's form.
// A nil member ((*types.AttributeValueMemberS)(nil)) is an error.
func (w *Writer) AttributeValue(av types.AttributeValue) error {
	if nilMember(av) {
		return fmt.Errorf("ddbjson: cannot write a nil %T", av)
	}
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		w.S(v.Value)
	case *types.AttributeValueMemberN:
		w.N(v.Value)
	case *types.AttributeValueMemberB:
		w.B(v.Value)
	case *types.AttributeValueMemberBOOL:
		w.Bool(v.Value)
	case *types.AttributeValueMemberNULL:
		w.tag("NULL")
		w.buf = strconv.AppendBool(w.buf, v.Value)
		w.buf = append(w.buf, '}')
	case *types.AttributeValueMemberL:
		w.BeginL()
		for _, e := range v.Value {
			if err := w.AttributeValue(e); err != nil {
				return err
			}
		}
		w.EndL()
	case *types.AttributeValueMemberM:
		w.BeginM()
		for k, e := range v.Value {
			w.Name(k)
			if err := w.AttributeValue(e); err != nil {
				return err
			}
		}
		w.EndM()
	case *types.AttributeValueMemberSS:
		w.SS(v.Value, false)
	case *types.AttributeValueMemberNS:
		w.SS(v.Value, true)
	case *types.AttributeValueMemberBS:
		w.BS(v.Value)
	default:
		return fmt.Errorf("ddbjson: cannot write attribute value %T", av)
	}
	return nil
}

// Item writes an item of the SDK's form.
func (w *Writer) Item(item map[string]types.AttributeValue) error {
	w.BeginItem()
	for k, v := range item {
		w.Name(k)
		if err := w.AttributeValue(v); err != nil {
			return err
		}
	}
	w.EndItem()
	return nil
}

const hexDigits = "0123456789abcdef"

// str writes s as a JSON string, escaped as the SDK's serializer escapes it.
func (w *Writer) str(s string) {
	w.buf = append(w.buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != 0x7f {
				i++
				continue
			}
			w.buf = append(w.buf, s[start:i]...)
			switch c {
			case '"', '\\':
				w.buf = append(w.buf, '\\', c)
			case '\n':
				w.buf = append(w.buf, '\\', 'n')
			case '\r':
				w.buf = append(w.buf, '\\', 'r')
			case '\t':
				w.buf = append(w.buf, '\\', 't')
			default:
				w.buf = append(w.buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			w.buf = append(w.buf, s[start:i]...)
			w.buf = append(w.buf, "\uFFFD"...) // the replacement rune itself, as the SDK writes it
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			w.buf = append(w.buf, s[start:i]...)
			w.buf = append(w.buf, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	w.buf = append(w.buf, s[start:]...)
	w.buf = append(w.buf, '"')
}

// nilMember reports whether av is a nil pointer of a member type.
func nilMember(av types.AttributeValue) bool {
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		return v == nil
	case *types.AttributeValueMemberN:
		return v == nil
	case *types.AttributeValueMemberB:
		return v == nil
	case *types.AttributeValueMemberBOOL:
		return v == nil
	case *types.AttributeValueMemberNULL:
		return v == nil
	case *types.AttributeValueMemberL:
		return v == nil
	case *types.AttributeValueMemberM:
		return v == nil
	case *types.AttributeValueMemberSS:
		return v == nil
	case *types.AttributeValueMemberNS:
		return v == nil
	case *types.AttributeValueMemberBS:
		return v == nil
	}
	return false
}
