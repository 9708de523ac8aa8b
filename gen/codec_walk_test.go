package gen

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stelviogen/stelviogen/tags"
)

// The classification both backends switch on, case by case against
// attributevalue's rules.
func TestCodecClassification(t *testing.T) {
	str := &tags.Type{Kind: tags.KindString, Basic: "string"}
	i64 := &tags.Type{Kind: tags.KindInt, Basic: "int64"}
	blob := &tags.Type{Kind: tags.KindBytes}
	tm := &tags.Type{Kind: tags.KindTime, Name: "Time", PkgPath: "time"}
	jsonNumber := &tags.Type{Kind: tags.KindString, Basic: "string", Name: "Number", PkgPath: "encoding/json"}
	money := &tags.Type{Kind: tags.KindString, Basic: "string", Name: "Money", PkgPath: "example.com/m", Marshaler: true, Unmarshaler: true}
	status := &tags.Type{Kind: tags.KindString, Basic: "string", Name: "Status", PkgPath: "example.com/m"}
	iface := &tags.Type{Kind: tags.KindInterface}
	digest := &tags.Type{Kind: tags.KindArray, Len: 4, Elem: &tags.Type{Kind: tags.KindUint, Basic: "uint8"}}
	line := &tags.Type{Kind: tags.KindStruct, Name: "Line", Struct: &tags.Struct{Name: "Line"}}
	for _, c := range []struct {
		name     string
		t        *tags.Type
		o        tags.Encoding
		fallback bool
		zero     codecZeroRule
		scalar   codecScalar
		decoder  codecDecoder
		accepts  []codecMember
	}{
		{name: "string", t: str, scalar: codecScalar{scalarString, codecS, "string"}, decoder: codecDecoder{"DecodeString", true}, accepts: []codecMember{codecS, codecN}},
		{name: "named string omitempty", t: status, o: tags.Encoding{OmitEmpty: true}, zero: zeroOmitted, scalar: codecScalar{scalarString, codecS, "string"}, decoder: codecDecoder{"DecodeString", true}, accepts: []codecMember{codecS, codecN}},
		{name: "int64", t: i64, scalar: codecScalar{scalarInt, codecN, "int64"}, decoder: codecDecoder{"DecodeInt", true}, accepts: []codecMember{codecN}},
		{name: "int64 string", t: i64, o: tags.Encoding{AsString: true}, scalar: codecScalar{scalarInt, codecS, "int64"}, decoder: codecDecoder{"DecodeIntText", true}, accepts: []codecMember{codecN, codecS}},
		{name: "int64 nullempty", t: i64, o: tags.Encoding{NullEmpty: true}, zero: zeroNull, scalar: codecScalar{scalarInt, codecN, "int64"}, decoder: codecDecoder{"DecodeInt", true}, accepts: []codecMember{codecN}},
		{name: "omitempty and nullempty", t: i64, o: tags.Encoding{OmitEmpty: true, NullEmpty: true}, zero: zeroConflict, scalar: codecScalar{scalarInt, codecN, "int64"}, decoder: codecDecoder{"DecodeInt", true}, accepts: []codecMember{codecN}},
		{name: "uintptr", t: &tags.Type{Kind: tags.KindUint, Basic: "uintptr"}, scalar: codecScalar{kind: scalarSkipped}},
		{name: "json.Number", t: jsonNumber, scalar: codecScalar{scalarNumberText, codecN, "string"}, decoder: codecDecoder{"DecodeString", true}, accepts: []codecMember{codecS, codecN}},
		{name: "[]byte", t: blob, zero: zeroNull, scalar: codecScalar{kind: scalarBytes, member: codecB}, decoder: codecDecoder{"DecodeBytes", true}, accepts: []codecMember{codecB}},
		{name: "time.Time", t: tm, zero: zeroNever, scalar: codecScalar{kind: scalarTime, member: codecS}, decoder: codecDecoder{"DecodeTime", false}, accepts: []codecMember{codecS, codecN}},
		{name: "time.Time unixtime omitempty", t: tm, o: tags.Encoding{UnixTime: true, OmitEmpty: true}, zero: zeroNever, scalar: codecScalar{kind: scalarUnixTime, member: codecN}, decoder: codecDecoder{"DecodeTime", false}, accepts: []codecMember{codecS, codecN}},
		{name: "Marshaler", t: money, decoder: codecDecoder{}, accepts: []codecMember{codecS, codecN}},
		{name: "*string", t: &tags.Type{Kind: tags.KindPtr, Elem: str}, zero: zeroNull},
		{name: "interface", t: iface, fallback: true, zero: zeroNull},
		{name: "[]string", t: &tags.Type{Kind: tags.KindSlice, Elem: str}, zero: zeroNull, decoder: codecDecoder{"DecodeStrings", false}, accepts: []codecMember{codecL, codecSS, codecNS, codecBS}},
		{name: "[]Money", t: &tags.Type{Kind: tags.KindSlice, Elem: money}, zero: zeroNull, accepts: []codecMember{codecL, codecSS, codecNS, codecBS}},
		{name: "[4]byte", t: digest, zero: zeroNever, scalar: codecScalar{kind: scalarByteArray, member: codecB}, accepts: []codecMember{codecB, codecL, codecSS, codecNS, codecBS}},
		{name: "[0]byte", t: &tags.Type{Kind: tags.KindArray, Elem: digest.Elem}, fallback: true, zero: zeroNever, accepts: []codecMember{codecB, codecL, codecSS, codecNS, codecBS}},
		{name: "map[string]string", t: &tags.Type{Kind: tags.KindMap, Key: str, Elem: str}, zero: zeroNull, decoder: codecDecoder{"DecodeStringMap", false}, accepts: []codecMember{codecM}},
		{name: "map[string]Status", t: &tags.Type{Kind: tags.KindMap, Key: status, Elem: str}, zero: zeroNull, accepts: []codecMember{codecM}},
		{name: "struct", t: line, zero: zeroNever, accepts: []codecMember{codecM}},
		{name: "anonymous struct", t: &tags.Type{Kind: tags.KindStruct, Struct: &tags.Struct{}}, fallback: true, zero: zeroNever, accepts: []codecMember{codecM}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := codecNeedsFallback(c.t); got != c.fallback {
				t.Errorf("codecNeedsFallback = %v, want %v", got, c.fallback)
			}
			if got := codecZeroRuleOf(c.t, c.o); got != c.zero {
				t.Errorf("codecZeroRuleOf = %v, want %v", got, c.zero)
			}
			if got := codecScalarOf(c.t, c.o); got != c.scalar {
				t.Errorf("codecScalarOf = %+v, want %+v", got, c.scalar)
			}
			if got := codecDecoderOf(c.t, c.o); got != c.decoder {
				t.Errorf("codecDecoderOf = %+v, want %+v", got, c.decoder)
			}
			if got := codecAccepts(c.t, c.o); !reflect.DeepEqual(got, c.accepts) {
				t.Errorf("codecAccepts = %v, want %v", got, c.accepts)
			}
		})
	}
}

// A set is chosen by its option, or by being an unnamed [][]byte; a list's
// elements share one allocation when they are all one scalar type.
func TestCodecSetsAndLists(t *testing.T) {
	str := &tags.Type{Kind: tags.KindString, Basic: "string"}
	strs := &tags.Type{Kind: tags.KindSlice, Elem: str}
	blobs := &tags.Type{Kind: tags.KindSlice, Elem: &tags.Type{Kind: tags.KindBytes}}
	for _, c := range []struct {
		t    *tags.Type
		o    tags.Encoding
		want *codecMember
	}{
		{strs, tags.Encoding{}, nil},
		{strs, tags.Encoding{StringSet: true}, &codecSS},
		{strs, tags.Encoding{NumberSet: true}, &codecNS},
		{blobs, tags.Encoding{}, &codecBS},
		{&tags.Type{Kind: tags.KindSlice, Name: "Blobs", Elem: blobs.Elem}, tags.Encoding{}, nil},
	} {
		if got := codecSetOf(c.t, c.o); !reflect.DeepEqual(got, c.want) {
			t.Errorf("codecSetOf(%+v, %+v) = %v, want %v", c.t, c.o, got, c.want)
		}
	}
	for _, c := range []struct {
		e    *tags.Type
		want *codecMember
	}{
		{str, &codecS},
		{&tags.Type{Kind: tags.KindFloat, Basic: "float64"}, &codecN},
		{&tags.Type{Kind: tags.KindBool, Basic: "bool"}, &codecBOOL},
		{&tags.Type{Kind: tags.KindTime, Name: "Time", PkgPath: "time"}, &codecS},
		{&tags.Type{Kind: tags.KindBytes}, nil},
		{&tags.Type{Kind: tags.KindArray, Len: 4, Elem: &tags.Type{Kind: tags.KindUint, Basic: "uint8"}}, nil},
		{&tags.Type{Kind: tags.KindPtr, Elem: str}, nil},
		{&tags.Type{Kind: tags.KindUint, Basic: "uintptr"}, nil},
	} {
		if got := codecListMember(c.e); !reflect.DeepEqual(got, c.want) {
			t.Errorf("codecListMember(%+v) = %v, want %v", c.e, got, c.want)
		}
	}
}

// Every decoder the classification names exists in runtime/ddb, and every
// one the JSON backend takes from it exists in runtime/ddbjson under the
// same name.
func TestCodecDecodersExist(t *testing.T) {
	ddb, ddbjson := exportedFuncs(t, "../runtime/ddb"), exportedFuncs(t, "../runtime/ddbjson")
	for _, name := range []string{"DecodeString", "DecodeInt", "DecodeIntText", "DecodeUint", "DecodeUintText", "DecodeFloat",
		"DecodeFloatText", "DecodeBool", "DecodeBytes", "DecodeTime", "DecodeTimeText", "DecodeStrings", "DecodeInts",
		"DecodeUints", "DecodeFloats", "DecodeStringMap"} {
		if !ddb[name] {
			t.Errorf("runtime/ddb has no %s", name)
		}
	}
	for name := range jsonDecoders {
		if !ddbjson[name] {
			t.Errorf("runtime/ddbjson has no %s", name)
		}
	}
}

func exportedFuncs(t *testing.T, dir string) map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	fset := token.NewFileSet()
	for _, path := range files {
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.IsExported() {
				out[fd.Name.Name] = true
			}
		}
	}
	return out
}

// The model page and the workbench model name the attribute type the codec
// writes (they once said L for a [4]byte and a [][]byte, which the codec
// stores as a B and a BS).
func TestAttrTypeIsTheCodecs(t *testing.T) {
	str := &tags.Type{Kind: tags.KindString, Basic: "string"}
	blob := &tags.Type{Kind: tags.KindBytes}
	for _, c := range []struct {
		name string
		t    *tags.Type
		o    tags.Encoding
		want string
		ok   bool
	}{
		{"[4]byte", &tags.Type{Kind: tags.KindArray, Len: 4, Elem: &tags.Type{Kind: tags.KindUint, Basic: "uint8"}}, tags.Encoding{}, "B", true},
		{"[][]byte", &tags.Type{Kind: tags.KindSlice, Elem: blob}, tags.Encoding{}, "BS", true},
		{"json.Number string", &tags.Type{Kind: tags.KindString, Basic: "string", Name: "Number", PkgPath: "encoding/json"}, tags.Encoding{AsString: true}, "S", true},
		{"json.Number", &tags.Type{Kind: tags.KindString, Basic: "string", Name: "Number", PkgPath: "encoding/json"}, tags.Encoding{}, "N", true},
		{"*float64 string", &tags.Type{Kind: tags.KindPtr, Elem: &tags.Type{Kind: tags.KindFloat, Basic: "float64"}}, tags.Encoding{AsString: true}, "S", true},
		{"time.Time unixtime", &tags.Type{Kind: tags.KindTime, Name: "Time", PkgPath: "time"}, tags.Encoding{UnixTime: true}, "N", true},
		{"[]string stringset", &tags.Type{Kind: tags.KindSlice, Elem: str}, tags.Encoding{StringSet: true}, "SS", true},
		{"[]string", &tags.Type{Kind: tags.KindSlice, Elem: str}, tags.Encoding{}, "L", true},
		{"map[string]string", &tags.Type{Kind: tags.KindMap, Key: str, Elem: str}, tags.Encoding{}, "M", true},
		{"Marshaler", &tags.Type{Kind: tags.KindString, Basic: "string", Name: "Money", PkgPath: "example.com/m", Marshaler: true}, tags.Encoding{}, "custom", false},
	} {
		if got, ok := attrType(c.t, c.o); got != c.want || ok != c.ok {
			t.Errorf("%s: attrType = %s, %v; want %s, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}
