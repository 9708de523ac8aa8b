package ddb_test

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// The Init functions, which generated code uses, make the same handles as
// the New functions with TableAttr: same path and table, same encoding.
func TestInitMakesTheHandlesNewMakes(t *testing.T) {
	type named string
	same := func(kind string, gotPath, wantPath ddb.AttrPath, got, want func() (types.AttributeValue, error)) {
		t.Helper()
		if !reflect.DeepEqual(gotPath, wantPath) {
			t.Errorf("%s: path %#v, want %#v", kind, gotPath, wantPath)
		}
		g, gerr := got()
		w, werr := want()
		if !reflect.DeepEqual(g, w) || (gerr == nil) != (werr == nil) {
			t.Errorf("%s: Encode = %#v, %v; want %#v, %v", kind, g, gerr, w, werr)
		}
	}
	p := ddb.TableAttr("things", "a")

	var v ddb.Value[bool]
	ddb.InitValue(&v, "things", "a", ddb.EncBool[bool])
	nv := ddb.NewValue(p, ddb.EncBool[bool])
	same("Value", v.Path(), nv.Path(), func() (types.AttributeValue, error) { return v.Encode(true) }, func() (types.AttributeValue, error) { return nv.Encode(true) })

	var o ddb.Ordered[string]
	ddb.InitOrdered(&o, "things", "a", ddb.EncS[string])
	no := ddb.NewOrdered(p, ddb.EncS[string])
	same("Ordered", o.Path(), no.Path(), func() (types.AttributeValue, error) { return o.Encode("x") }, func() (types.AttributeValue, error) { return no.Encode("x") })

	var s ddb.String[named]
	ddb.InitString(&s, "things", "a", ddb.OmitZero(ddb.EncS[named]))
	ns := ddb.NewString(p, ddb.OmitZero(ddb.EncS[named]))
	same("String", s.Path(), ns.Path(), func() (types.AttributeValue, error) { return s.Encode("") }, func() (types.AttributeValue, error) { return ns.Encode("") })

	var b ddb.Binary[[]byte]
	ddb.InitBinary(&b, "things", "a", ddb.EncB[[]byte])
	nb := ddb.NewBinary(p, ddb.EncB[[]byte])
	same("Binary", b.Path(), nb.Path(), func() (types.AttributeValue, error) { return b.Encode([]byte{1}) }, func() (types.AttributeValue, error) { return nb.Encode([]byte{1}) })

	var n ddb.Number[int64]
	ddb.InitNumber(&n, "things", "a", ddb.EncN[int64])
	nn := ddb.NewNumber(p, ddb.EncN[int64])
	same("Number", n.Path(), nn.Path(), func() (types.AttributeValue, error) { return n.Encode(-7) }, func() (types.AttributeValue, error) { return nn.Encode(-7) })

	var set ddb.Set[string]
	ddb.InitSet(&set, "things", "a", ddb.EncStringSet[string], ddb.EncS[string])
	nset := ddb.NewSet(p, ddb.EncStringSet[string], ddb.EncS[string])
	same("Set", set.Path(), nset.Path(), func() (types.AttributeValue, error) { return set.Encode([]string{"x"}) }, func() (types.AttributeValue, error) { return nset.Encode([]string{"x"}) })

	var l ddb.List[string, ddb.String[string]]
	ddb.InitList(&l, "things", "a", ddb.EncList(ddb.EncS[string]), ddb.EncS[string], ddb.StringAt[string])
	nl := ddb.NewList(p, ddb.EncList(ddb.EncS[string]), ddb.EncS[string], ddb.StringAt[string])
	same("List", l.Path(), nl.Path(), func() (types.AttributeValue, error) { return l.Encode([]string{"x"}) }, func() (types.AttributeValue, error) { return nl.Encode([]string{"x"}) })
	le, nle := l.At(2), nl.At(2)
	same("List.At", le.Path(), nle.Path(), func() (types.AttributeValue, error) { return le.Encode("y") }, func() (types.AttributeValue, error) { return nle.Encode("y") })

	var m ddb.Map[string, ddb.String[string]]
	ddb.InitMap(&m, "things", "a", ddb.EncMap(ddb.EncS[string]), ddb.StringAt[string])
	nm := ddb.NewMap(p, ddb.EncMap(ddb.EncS[string]), ddb.StringAt[string])
	same("Map", m.Path(), nm.Path(), func() (types.AttributeValue, error) { return m.Encode(map[string]string{"k": "v"}) }, func() (types.AttributeValue, error) { return nm.Encode(map[string]string{"k": "v"}) })
	me, nme := m.Key("k"), nm.Key("k")
	same("Map.Key", me.Path(), nme.Path(), func() (types.AttributeValue, error) { return me.Encode("v") }, func() (types.AttributeValue, error) { return nme.Encode("v") })
}
