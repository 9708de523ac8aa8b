package tags

import (
	"fmt"
	"strconv"
	"strings"
)

// tagEntry is one key:"value" pair of a struct tag, with the byte offset of the
// value's first character inside the tag string (for precise error columns).
type tagEntry struct {
	Key    string
	Value  string
	Offset int
}

// parseStructTag splits a struct tag into key:"value" pairs, following the
// convention of reflect.StructTag. Unlike reflect, it reports malformed tags,
// which reflect silently ignores (and which would silently drop a key).
func parseStructTag(tag string) ([]tagEntry, error) {
	var out []tagEntry
	i := 0
	for {
		for i < len(tag) && tag[i] == ' ' {
			i++
		}
		if i >= len(tag) {
			return out, nil
		}
		start := i
		for i < len(tag) && tag[i] > ' ' && tag[i] != ':' && tag[i] != '"' && tag[i] != 0x7f {
			i++
		}
		if i == start {
			return out, fmt.Errorf("malformed struct tag at %q: want key:\"value\" pairs separated by spaces", tag[start:])
		}
		key := tag[start:i]
		if i+1 >= len(tag) || tag[i] != ':' || tag[i+1] != '"' {
			return out, fmt.Errorf("malformed struct tag: key %q must be followed by :\"value\" with no space", key)
		}
		i++ // ':'
		qstart := i
		i++ // opening quote
		for i < len(tag) && tag[i] != '"' {
			if tag[i] == '\\' {
				i++
			}
			i++
		}
		if i >= len(tag) {
			return out, fmt.Errorf("malformed struct tag: value of %q has no closing quote", key)
		}
		i++ // closing quote
		value, err := strconv.Unquote(tag[qstart:i])
		if err != nil {
			return out, fmt.Errorf("malformed struct tag: value of %q is not a valid quoted string", key)
		}
		for _, e := range out {
			if e.Key == key {
				return out, fmt.Errorf("malformed struct tag: key %q appears twice", key)
			}
		}
		out = append(out, tagEntry{Key: key, Value: value, Offset: qstart + 1})
		if i < len(tag) && tag[i] != ' ' {
			return out, fmt.Errorf("malformed struct tag: pairs must be separated by a space after %q", key)
		}
	}
}

func lookupTag(entries []tagEntry, key string) (tagEntry, bool) {
	for _, e := range entries {
		if e.Key == key {
			return e, true
		}
	}
	return tagEntry{}, false
}

// avTag is a parsed dynamodbav tag, as aws-sdk-go-v2's attributevalue reads it.
type avTag struct {
	Name   string
	Ignore bool
	Enc    Encoding
	// Unknown lists options attributevalue would silently ignore.
	Unknown []string
}

func parseAVTag(s string) avTag {
	var t avTag
	parts := strings.Split(s, ",")
	if parts[0] == "-" {
		t.Ignore = true
	} else {
		t.Name = parts[0]
	}
	for _, opt := range parts[1:] {
		switch opt {
		case "omitempty":
			t.Enc.OmitEmpty = true
		case "omitemptyelem":
			t.Enc.OmitEmptyElem = true
		case "nullempty":
			t.Enc.NullEmpty = true
		case "nullemptyelem":
			t.Enc.NullEmptyElem = true
		case "string":
			t.Enc.AsString = true
		case "binaryset":
			t.Enc.BinarySet = true
		case "numberset":
			t.Enc.NumberSet = true
		case "stringset":
			t.Enc.StringSet = true
		case "unixtime":
			t.Enc.UnixTime = true
		default:
			t.Unknown = append(t.Unknown, opt)
		}
	}
	return t
}

// option is one comma-separated element of a dynamo, gsi or lsi tag value,
// with its offset inside the tag value.
type option struct {
	Text   string
	Offset int
}

// splitList splits s on sep, keeping each part's offset.
func splitList(s string, sep byte, base int) []option {
	var out []option
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == sep {
			out = append(out, option{Text: s[start:i], Offset: base + start})
			start = i + 1
		}
	}
	return out
}

// indexSpec is one entry of a gsi or lsi tag: "name,pk,project=all".
type indexSpec struct {
	Name       string
	NameOff    int
	Role       string // "pk", "sk" or "" (lsi)
	RoleOff    int
	Project    string // raw project= value; "" when absent
	HasProject bool
	ProjectOff int
}
