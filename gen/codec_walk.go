package gen

// The reflection-free codec, in three files:
//
//	codec_walk.go  the shared rules: which structs get a codec in which file
//	               (structOwners), and how each value of a model type is
//	               stored (the classification below: fallback, zero rule,
//	               scalar, set, decoder helper, accepted attribute types)
//	codec_map.go   the attribute-value map backend: MarshalItem, UnmarshalItem,
//	               field encoders, nested struct codecs, projections
//	codec_json.go  the DynamoDB-JSON backend (-json): DecodeJSONItem and
//	               EncodeJSONItem for runtime/ddbjson
//
// Both backends follow attributevalue (v1.21.21, default options); a rule is
// written here once and each backend switches on its result, emitting its
// own code per case. codecDecls is the entry point for one table's file.

import (
	"strings"

	. "github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/tags"
)

// Import paths used only by the codec.
const (
	codecPkgAV      = "github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	codecPkgStrconv = "strconv"
	codecPkgTime    = "time"
)

// codecDecls returns the codec declarations of table t's file: its item
// methods (the map backend's, then with -json the JSON backend's) and field
// encoders, the codec of every nested struct that t is the first table of
// pkg to reach, and its projection types.
func codecDecls(hg *handleGen, t *tags.Table, owned []*tags.Struct) []Code {
	g := hg.g
	var out []Code
	out = append(out, g.itemMethods(t)...)
	if g.json {
		out = append(out, g.jsonMethods(t)...)
	}
	for _, f := range t.Struct.Fields {
		if hg.handleOf(t.Struct, f, tableAttr(t, f)).genEncoder {
			out = append(out, g.fieldEncoder(t.Struct, f))
		}
	}
	for _, s := range owned {
		out = append(out, g.structFuncs(s)...)
		for _, f := range s.Fields {
			if hg.handleOf(s, f, Id("p")).genEncoder && hg.nested[codecStructKey(s)] && !hg.cyclic[codecStructKey(s)] {
				out = append(out, g.fieldEncoder(s, f))
			}
		}
		out = append(out, hg.nestedDecls(s)...)
	}
	for _, ix := range t.Indexes() {
		if ix.Projection.Type == tags.ProjectKeysOnly || ix.Projection.Type == tags.ProjectInclude {
			out = append(out, g.projection(t, ix)...)
		}
	}
	return out
}

// codecGen holds what all emitters of one package share.
type codecGen struct {
	pkg    *tags.Package
	tables map[string]bool // structs that are tables of pkg: they have item methods
	json   bool            // also emit the DynamoDB-JSON codec (Config.DirectJSON)
}

func codecStructKey(s *tags.Struct) string { return s.PkgPath + "." + s.Name }

// base is the name part of a struct's codec functions: its name, prefixed by
// its package's name when it lives in another package.
func (g *codecGen) base(s *tags.Struct) string {
	if s.PkgPath == "" || s.PkgPath == g.pkg.Path {
		return s.Name
	}
	return camel(s.PkgPath[strings.LastIndex(s.PkgPath, "/")+1:]) + s.Name
}

func (g *codecGen) isTable(s *tags.Struct) bool { return g.tables[codecStructKey(s)] }

// structOwners decides, once per package, in whose file each nested struct's
// codec goes: the first table (in package order) that reaches it. The result
// lists each table's nested structs in a stable order.
func structOwners(pkg *tags.Package) map[*tags.Table][]*tags.Struct {
	tables := map[string]bool{}
	for _, tt := range pkg.Tables {
		tables[codecStructKey(tt.Struct)] = true
	}
	seen := map[string]bool{}
	for k := range tables {
		seen[k] = true
	}
	owners := map[*tags.Table][]*tags.Struct{}
	for _, tt := range pkg.Tables {
		visited := map[string]bool{}
		var walkStruct func(s *tags.Struct)
		var walkType func(ty *tags.Type)
		walkType = func(ty *tags.Type) {
			if ty == nil || codecNeedsFallback(ty) {
				return
			}
			switch ty.Kind {
			case tags.KindPtr, tags.KindSlice, tags.KindArray, tags.KindMap, tags.KindBytes:
				walkType(ty.Key)
				walkType(ty.Elem)
			case tags.KindStruct:
				if ty.Marshaler && ty.Unmarshaler {
					return
				}
				walkStruct(ty.Struct)
			}
		}
		walkStruct = func(s *tags.Struct) {
			k := codecStructKey(s)
			if visited[k] {
				return
			}
			visited[k] = true
			if !seen[k] {
				seen[k] = true
				owners[tt] = append(owners[tt], s)
			}
			for _, f := range s.Fields {
				walkType(f.Type)
			}
		}
		walkStruct(tt.Struct)
	}
	return owners
}

// attrNamesName names the array of a struct's attribute names in field
// order, by which both backends number its fields: attrNamesOrder.
func attrNamesName(base string) string { return "attrNames" + base }

// typeCode renders a model type as Go source; named types are qualified with
// their package (jennifer writes the imports).
//
//	map[string][]*models.Address
func typeCode(t *tags.Type) Code {
	if t.Name != "" {
		if t.PkgPath == "" {
			return Id(t.Name)
		}
		return Qual(t.PkgPath, t.Name)
	}
	switch t.Kind {
	case tags.KindBool, tags.KindInt, tags.KindUint, tags.KindFloat, tags.KindString:
		return Id(t.Basic)
	case tags.KindBytes:
		if t.Elem != nil {
			return Index().Add(typeCode(t.Elem))
		}
		return Index().Byte()
	case tags.KindTime:
		return Qual(codecPkgTime, "Time")
	case tags.KindPtr:
		return Op("*").Add(typeCode(t.Elem))
	case tags.KindSlice:
		return Index().Add(typeCode(t.Elem))
	case tags.KindArray:
		return Index(Lit(int(t.Len))).Add(typeCode(t.Elem))
	case tags.KindMap:
		return Map(typeCode(t.Key)).Add(typeCode(t.Elem))
	case tags.KindStruct:
		// An anonymous struct, rebuilt from its encoded fields: the same shape
		// and dynamodbav tags (other tags and skipped fields are not in the model).
		var fields []Code
		if t.Struct != nil {
			for _, f := range t.Struct.Fields {
				fields = append(fields, Id(f.GoName()).Add(typeCode(f.Type)).Tag(map[string]string{"dynamodbav": codecTag(f)}))
			}
		}
		return Struct(fields...)
	}
	return Any()
}

// codecTag is the dynamodbav tag value of a field: its name and options.
func codecTag(f *tags.Field) string { return f.Attr + codecOpts(f.Enc) }

// codecOpts renders encoding options as they follow the name in a dynamodbav tag.
func codecOpts(e tags.Encoding) string {
	var b strings.Builder
	for _, o := range []struct {
		on   bool
		name string
	}{
		{e.OmitEmpty, "omitempty"}, {e.OmitEmptyElem, "omitemptyelem"}, {e.NullEmpty, "nullempty"},
		{e.NullEmptyElem, "nullemptyelem"}, {e.AsString, "string"}, {e.StringSet, "stringset"},
		{e.NumberSet, "numberset"}, {e.BinarySet, "binaryset"}, {e.UnixTime, "unixtime"},
	} {
		if o.on {
			b.WriteString(",")
			b.WriteString(o.name)
		}
	}
	return b.String()
}

// ---------------------------------------------------------------------------
// Classification: how a value of a model type (a field, or an element of a
// list, set or map) is stored. Each function here is one rule of
// attributevalue; a backend (and the model page's attrType) switches on its
// result and emits its own code for each case, so no rule is restated there.
// Encoding asks in attributevalue's order: codecNeedsFallback, then
// codecZeroRuleOf (omitted, NULL, an error or encoded), then pointers and
// Marshaler types, then codecScalarOf, codecSetOf and the composite kinds.
// Decoding first asks codecDecoderOf for a helper that does it all, then
// the fallback, pointers and Unmarshaler types, then codecAccepts.

// codecNeedsFallback reports whether values of t are encoded by
// attributevalue itself: interfaces (also behind pointers), types containing
// anonymous structs, zero-length arrays.
func codecNeedsFallback(t *tags.Type) bool {
	inner := t
	for inner.Kind == tags.KindPtr {
		inner = inner.Elem
	}
	switch {
	case inner.Kind == tags.KindInterface, inner.Kind == tags.KindInvalid:
		return true
	case inner.Kind == tags.KindStruct && (inner.Struct == nil || inner.Struct.Name == ""):
		return true
	case inner.Kind == tags.KindArray && inner.Len == 0:
		return true
	}
	return codecHasAnon(t)
}

// codecHasAnon reports whether t mentions an anonymous struct, which
// generated code cannot name.
func codecHasAnon(t *tags.Type) bool {
	if t == nil {
		return false
	}
	switch t.Kind {
	case tags.KindStruct:
		return t.Struct == nil || t.Struct.Name == ""
	case tags.KindPtr, tags.KindSlice, tags.KindArray, tags.KindMap:
		return codecHasAnon(t.Elem) || codecHasAnon(t.Key)
	}
	return false
}

// codecZeroRule is what becomes of a value that attributevalue's isZeroValue
// sees as zero.
type codecZeroRule int

const (
	zeroEncoded  codecZeroRule = iota // encoded like any other value: 0, "", false
	zeroNever                         // the type has no such zero value: structs, times, non-empty arrays
	zeroOmitted                       // omitempty: no attribute at all
	zeroNull                          // a NULL: nil slices, maps and pointers, and nullempty
	zeroConflict                      // omitempty and nullempty together: an error for a zero value
)

// codecZeroRuleOf is the zero rule of a value of type t with options o
// (codecZero writes the conditions).
func codecZeroRuleOf(t *tags.Type, o tags.Encoding) codecZeroRule {
	switch t.Kind {
	case tags.KindBool, tags.KindInt, tags.KindUint, tags.KindFloat, tags.KindString,
		tags.KindBytes, tags.KindSlice, tags.KindMap, tags.KindPtr, tags.KindInterface:
	default:
		return zeroNever
	}
	switch {
	case o.OmitEmpty && o.NullEmpty:
		return zeroConflict
	case o.OmitEmpty:
		return zeroOmitted
	case codecNullable(t) || o.NullEmpty:
		return zeroNull
	}
	return zeroEncoded
}

// codecZeroConflict is attributevalue's error for a zero value under zeroConflict.
const codecZeroConflict = "unable to encode AttributeValue for zero value field with incompatible struct tags, omitempty and nullempty"

// codecScalarKind is the kind of scalar a value is stored as.
type codecScalarKind int

const (
	scalarNone       codecScalarKind = iota // not a scalar: a pointer, struct, map, list or set, or a Marshaler or fallback type
	scalarBool                              // a BOOL
	scalarString                            // an S
	scalarNumberText                        // json.Number or attributevalue.Number: its text as an N (an S with the string option)
	scalarInt                               // an N (an S with the string option)
	scalarUint                              // an N (an S with the string option)
	scalarFloat                             // an N (an S with the string option); NaN and infinities are refused
	scalarBytes                             // a B, a copy of the bytes
	scalarByteArray                         // a B, a copy of a [N]byte's bytes (N > 0)
	scalarTime                              // an S: RFC 3339 with nanoseconds
	scalarUnixTime                          // an N: unix seconds (unixtime)
	scalarSkipped                           // uintptr: attributevalue writes nothing
)

// codecScalar is how a scalar value is stored: its kind, the attribute type
// it gets and the predeclared type it is converted to on the way (codecConv).
type codecScalar struct {
	kind   codecScalarKind
	member codecMember // S, N, B or BOOL; zero for scalarNone and scalarSkipped
	basic  string      // "bool", "string", "int64", "uint64" or "float64"; "" for bytes and times
}

// codecScalarOf classifies a value of type t with options o; a pointer, a
// Marshaler and a fallback type are scalarNone (they are dealt with first).
func codecScalarOf(t *tags.Type, o tags.Encoding) codecScalar {
	if t.Marshaler || codecNeedsFallback(t) {
		return codecScalar{}
	}
	num := codecN
	if o.AsString {
		num = codecS
	}
	switch t.Kind {
	case tags.KindBool:
		return codecScalar{scalarBool, codecBOOL, "bool"}
	case tags.KindString:
		if codecNumberString(t) {
			return codecScalar{scalarNumberText, num, "string"}
		}
		return codecScalar{scalarString, codecS, "string"}
	case tags.KindInt:
		return codecScalar{scalarInt, num, "int64"}
	case tags.KindUint:
		if codecIsUintptr(t) {
			return codecScalar{kind: scalarSkipped}
		}
		return codecScalar{scalarUint, num, "uint64"}
	case tags.KindFloat:
		return codecScalar{scalarFloat, num, "float64"}
	case tags.KindBytes:
		return codecScalar{kind: scalarBytes, member: codecB}
	case tags.KindArray:
		if codecIsByte(t.Elem) {
			return codecScalar{kind: scalarByteArray, member: codecB}
		}
	case tags.KindTime:
		if o.UnixTime {
			return codecScalar{kind: scalarUnixTime, member: codecN}
		}
		return codecScalar{kind: scalarTime, member: codecS}
	}
	return codecScalar{}
}

// codecSetOf returns the set member a slice or array encodes as, if any:
// binaryset (or an unnamed [][]byte), numberset, stringset in attributevalue's order.
func codecSetOf(t *tags.Type, o tags.Encoding) *codecMember {
	e := t.Elem
	switch {
	case o.BinarySet || (t.Kind == tags.KindSlice && t.Name == "" && e.Kind == tags.KindBytes && e.Name == "" && e.Elem == nil):
		return &codecBS
	case o.NumberSet:
		return &codecNS
	case o.StringSet:
		return &codecSS
	}
	return nil
}

// codecSetElem is the member type of the elements of set member m: S for an
// SS, N for an NS, B for a BS.
func codecSetElem(set codecMember) codecMember {
	switch set {
	case codecSS:
		return codecS
	case codecNS:
		return codecN
	}
	return codecB
}

// codecListMember is the single member type a list element encodes as, when
// it always encodes as that one type (so the list can allocate them at once):
// a scalar other than bytes (elements take no string or unixtime option).
func codecListMember(e *tags.Type) *codecMember {
	switch s := codecScalarOf(e, tags.Encoding{}); s.kind {
	case scalarNone, scalarSkipped, scalarBytes, scalarByteArray:
		return nil
	default:
		return &s.member
	}
}

// codecElemOpts are the options attributevalue passes to the elements of a
// list, set or map.
func codecElemOpts(o tags.Encoding) tags.Encoding {
	return tags.Encoding{OmitEmpty: o.OmitEmptyElem, OmitEmptyElem: o.OmitEmptyElem, NullEmpty: o.NullEmptyElem}
}

// codecDecoder is a runtime helper that decodes a whole value in one call, as
// the backend's own decoding code would. runtime/ddb and runtime/ddbjson
// name their helpers alike (ddbjson has a subset: jsonDecoders).
type codecDecoder struct {
	name  string // "" when there is none
	typed bool   // generic in the value's type, which the map backend writes out: DecodeFloat[float64]
}

// codecDecoderOf is the helper that decodes a value of type t with options o:
// a scalar (DecodeString, DecodeInt, DecodeIntText, ..., DecodeTime), a
// slice of strings or numbers (DecodeStrings, DecodeInts, ...), or a map of
// strings with string keys (DecodeStringMap).
func codecDecoderOf(t *tags.Type, o tags.Encoding) codecDecoder {
	if t.Marshaler || t.Unmarshaler || codecNeedsFallback(t) {
		return codecDecoder{}
	}
	text := ""
	if o.AsString {
		text = "Text"
	}
	switch t.Kind {
	case tags.KindString:
		return codecDecoder{"DecodeString", true}
	case tags.KindInt:
		return codecDecoder{"DecodeInt" + text, true}
	case tags.KindUint:
		if !codecIsUintptr(t) {
			return codecDecoder{"DecodeUint" + text, true}
		}
	case tags.KindFloat:
		return codecDecoder{"DecodeFloat" + text, true}
	case tags.KindBool:
		return codecDecoder{"DecodeBool", true}
	case tags.KindBytes:
		if t.Elem == nil {
			return codecDecoder{"DecodeBytes", true}
		}
	case tags.KindTime:
		if codecIsTimeTime(t) {
			return codecDecoder{"DecodeTime" + text, false}
		}
	case tags.KindSlice:
		e := t.Elem
		if t.Name != "" || e.Marshaler || e.Unmarshaler || codecNeedsFallback(e) || codecIsUintptr(e) {
			break
		}
		if name := map[tags.Kind]string{tags.KindString: "DecodeStrings", tags.KindInt: "DecodeInts", tags.KindUint: "DecodeUints", tags.KindFloat: "DecodeFloats"}[e.Kind]; name != "" {
			return codecDecoder{name, false}
		}
	case tags.KindMap:
		e := t.Elem
		if t.Name == "" && t.Key.Kind == tags.KindString && t.Key.Name == "" && e.Kind == tags.KindString && !e.Marshaler && !e.Unmarshaler && !codecNeedsFallback(e) {
			return codecDecoder{"DecodeStringMap", false}
		}
	}
	return codecDecoder{}
}

// codecAccepts lists, in attributevalue's order, the attribute types a value
// of type t (not a pointer, no Unmarshaler) with options o decodes from; any
// other is an error naming them. NULL is handled before.
func codecAccepts(t *tags.Type, o tags.Encoding) []codecMember {
	switch t.Kind {
	case tags.KindBool:
		return []codecMember{codecBOOL}
	case tags.KindString, tags.KindTime:
		return []codecMember{codecS, codecN}
	case tags.KindInt, tags.KindUint, tags.KindFloat:
		switch {
		case codecIsUintptr(t):
			return nil
		case o.AsString:
			return []codecMember{codecN, codecS}
		}
		return []codecMember{codecN}
	case tags.KindBytes:
		return []codecMember{codecB}
	case tags.KindStruct, tags.KindMap:
		return []codecMember{codecM}
	case tags.KindSlice, tags.KindArray:
		if t.Kind == tags.KindArray && codecIsByte(t.Elem) {
			return []codecMember{codecB, codecL, codecSS, codecNS, codecBS}
		}
		return []codecMember{codecL, codecSS, codecNS, codecBS}
	}
	return nil
}

// codecAcceptsText reports whether elements of type t can be decoded from the
// elements of a set of member m.
func codecAcceptsText(t *tags.Type, m codecMember) bool {
	switch m {
	case codecS:
		return t.Kind == tags.KindString || t.Kind == tags.KindTime
	case codecN:
		return t.Kind == tags.KindString || t.Kind == tags.KindInt || t.Kind == tags.KindFloat || t.Kind == tags.KindTime ||
			(t.Kind == tags.KindUint && !codecIsUintptr(t))
	}
	return t.Kind == tags.KindBytes || (t.Kind == tags.KindArray && codecIsByte(t.Elem))
}

// codecWantOf names what a type accepts, for errors about set elements.
func codecWantOf(t *tags.Type) string {
	switch t.Kind {
	case tags.KindString:
		return "S|N"
	case tags.KindInt, tags.KindUint, tags.KindFloat:
		return "N"
	case tags.KindTime:
		return "S|N"
	case tags.KindBytes:
		return "B"
	case tags.KindBool:
		return "BOOL"
	case tags.KindPtr:
		return codecWantOf(t.Elem)
	}
	return "L|M"
}

// ---------------------------------------------------------------------------
// Type questions.

// codecNumberString reports whether t is a string type attributevalue
// encodes as a number (json.Number and attributevalue.Number).
func codecNumberString(t *tags.Type) bool {
	return t.Kind == tags.KindString && t.Name == "Number" && (t.PkgPath == "encoding/json" || t.PkgPath == codecPkgAV)
}

func codecIsUintptr(t *tags.Type) bool { return t.Kind == tags.KindUint && t.Basic == "uintptr" }

func codecIsTimeTime(t *tags.Type) bool { return t.Name == "Time" && t.PkgPath == codecPkgTime }

func codecIsByte(t *tags.Type) bool {
	return t != nil && t.Kind == tags.KindUint && (t.Basic == "uint8" || t.Basic == "byte")
}

// codecBits is the bit size strconv takes for t (0 for int and uint).
func codecBits(t *tags.Type) int {
	switch t.Basic {
	case "int8", "uint8", "byte":
		return 8
	case "int16", "uint16":
		return 16
	case "int32", "uint32", "float32", "rune":
		return 32
	case "int64", "uint64", "float64":
		return 64
	}
	return 0
}

// codecZero returns the conditions "x is the zero value" and its negation as
// attributevalue's isZeroValue sees it; ok is false for types that are never
// zero (structs, time, non-empty arrays).
func codecZero(x codecExpr, t *tags.Type) (zero, nonZero *Statement, ok bool) {
	switch t.Kind {
	case tags.KindBool:
		return Op("!").Add(x.val()), x.val(), true
	case tags.KindInt, tags.KindUint, tags.KindFloat:
		return x.val().Op("==").Lit(0), x.val().Op("!=").Lit(0), true
	case tags.KindString:
		return x.val().Op("==").Lit(""), x.val().Op("!=").Lit(""), true
	case tags.KindBytes, tags.KindSlice, tags.KindMap, tags.KindPtr, tags.KindInterface:
		return x.val().Op("==").Nil(), x.val().Op("!=").Nil(), true
	}
	return nil, nil, false
}

// codecNullable reports whether a zero value of t encodes as NULL without
// nullempty (attributevalue's isNullableZeroValue).
func codecNullable(t *tags.Type) bool {
	switch t.Kind {
	case tags.KindBytes, tags.KindSlice, tags.KindMap, tags.KindPtr, tags.KindInterface:
		return true
	}
	return false
}

// ---------------------------------------------------------------------------
// Expressions.

// codecExpr is an addressable Go expression, and a pointer to it when one is
// at hand (so &*p is written p).
type codecExpr struct {
	val func() *Statement
	ptr func() *Statement
	// noAddr marks a map element: attributevalue sees it unaddressable, so
	// methods with pointer receivers are not called on it.
	noAddr bool
}

func codecVar(name string) codecExpr {
	return codecExpr{val: func() *Statement { return Id(name) }}
}

func codecField(f *tags.Field) codecExpr {
	return codecExpr{val: func() *Statement {
		s := Id("v")
		for _, p := range f.Path {
			s = s.Dot(p)
		}
		return s
	}}
}

func (e codecExpr) addr() *Statement {
	if e.ptr != nil {
		return e.ptr()
	}
	return Op("&").Add(e.val())
}

func (e codecExpr) deref() codecExpr {
	return codecExpr{val: func() *Statement { return Parens(Op("*").Add(e.val())) }, ptr: e.val}
}

func (e codecExpr) index(i string) codecExpr {
	return codecExpr{val: func() *Statement { return e.val().Index(Id(i)) }}
}

// codecFail returns an error from the generated function.
type codecFail func(err Code) Code

// codecMember is one attribute type: its name in DynamoDB, the SDK's member
// type, and the name of the map backend's slot array for it (codecFn.slot).
type codecMember struct{ name, goType, slot string }

var (
	codecS    = codecMember{"S", "AttributeValueMemberS", "s"}
	codecN    = codecMember{"N", "AttributeValueMemberN", "n"}
	codecB    = codecMember{"B", "AttributeValueMemberB", "b"}
	codecBOOL = codecMember{"BOOL", "AttributeValueMemberBOOL", "bo"}
	codecNULL = codecMember{"NULL", "AttributeValueMemberNULL", "nu"}
	codecL    = codecMember{"L", "AttributeValueMemberL", "l"}
	codecM    = codecMember{"M", "AttributeValueMemberM", "m"}
	codecSS   = codecMember{"SS", "AttributeValueMemberSS", "ss"}
	codecNS   = codecMember{"NS", "AttributeValueMemberNS", "ns"}
	codecBS   = codecMember{"BS", "AttributeValueMemberBS", "bs"}
)

// conv converts x to the predeclared type basic unless it already is one.
func codecConv(x codecExpr, t *tags.Type, basic string) *Statement {
	if t.Name == "" && t.Basic == basic {
		return x.val()
	}
	return Id(basic).Call(x.val())
}

// codecToTime converts a value of a time type to time.Time.
func codecToTime(x codecExpr, t *tags.Type) *Statement {
	if codecIsTimeTime(t) || t.Name == "" {
		return x.val()
	}
	return Qual(codecPkgTime, "Time").Call(x.val())
}

// codecFrom converts v (of the predeclared type basic) to t unless t is basic.
func codecFrom(v Code, t *tags.Type, basic string) Code {
	if t.Name == "" && t.Basic == basic {
		return v
	}
	return Add(typeCode(t)).Call(v)
}

// codecFromTime converts a time.Time to t.
func codecFromTime(v Code, t *tags.Type) Code {
	if codecIsTimeTime(t) || t.Name == "" {
		return v
	}
	return Add(typeCode(t)).Call(v)
}

func codecErr(reason string) Code { return Qual(pkgDDB, "EncodeFailed").Call(Lit(reason)) }
