package gen

// The JSON backend of the codec (issue 18): per table struct, the methods
// runtime/ddbjson reads answers into and writes requests from, without the
// SDK's map[string]types.AttributeValue. It is thin on purpose: the rules
// of the codec (names, omitempty, nullempty, sets, unixtime, the string
// option, embedded fields, Marshaler/Unmarshaler types, the attributevalue
// fallback) stay written once, in the map backend (codec.go), and this
// backend only chooses, per field, between a typed runtime helper for
// the hot scalar kinds and that backend's code:
//
//	func (v *T) DecodeJSONItem(m *ddbjson.Map) error
//	func (v *T) EncodeJSONItem(w *ddbjson.Writer) error

import (
	. "github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/tags"
)

const pkgDDBJSON = "github.com/stelviogen/stelviogen/runtime/ddbjson"

// jsonMethods emits the JSON codec of table struct t (see jsonDecoder and
// jsonEncoder).
func (g *codecGen) jsonMethods(t *tags.Table) []Code {
	return append(g.jsonDecoder(t.Struct), g.jsonEncoder(t.Struct))
}

// jsonDecoder emits the item decoder: scalars, and lists or sets of
// strings, are read by ddbjson's helpers (which decode as the ddb helpers
// of the same name); any other field is converted into the SDK's form and
// read by the map backend's unmarshal<T>Field. Nothing in it is generic in
// the model type (a generic instantiation per model costs build time):
//
//	// DecodeJSONItem decodes an item of DynamoDB JSON (runtime/ddbjson) as UnmarshalItem decodes it.
//	func (v *Order) DecodeJSONItem(m *ddbjson.Map) error {
//		for m.Next() {
//			i := ddbjson.FieldIndex(m, attrNamesOrder[:])
//			var err error
//			switch i {
//			case -1: // not a field
//			case 0:
//				err = ddbjson.DecodeString(m.Value(), &v.CustomerID)
//			...
//			default:
//				var av types.AttributeValue
//				if av, err = m.Value().AttributeValue(); err == nil {
//					err = unmarshalOrderField(v, i, av)
//				}
//			}
//			if err != nil {
//				return ddb.DecodeAt(attrNamesOrder[i], err)
//			}
//		}
//		return m.Err()
//	}
func (g *codecGen) jsonDecoder(s *tags.Struct) []Code {
	base := g.base(s)
	names := "attrNames" + base
	cases := []Code{Case(Lit(-1)).Comment("not a field")}
	for i, f := range s.Fields {
		if call := jsonHelperDecode(f); call != nil {
			cases = append(cases, Case(Lit(i)).Block(Err().Op("=").Add(call)))
		}
	}
	if len(cases) <= len(s.Fields) { // a field without a helper
		cases = append(cases, Default().Block(
			Var().Id("av").Qual(pkgTypes, "AttributeValue"),
			If(List(Id("av"), Err()).Op("=").Id("m").Dot("Value").Call().Dot("AttributeValue").Call(), Err().Op("==").Nil()).Block(
				Err().Op("=").Id("unmarshal"+base+"Field").Call(Id("v"), Id("i"), Id("av")),
			),
		))
	}
	return []Code{
		doc("// DecodeJSONItem decodes an item of DynamoDB JSON (runtime/ddbjson) as UnmarshalItem decodes it.").
			Func().Params(Id("v").Op("*").Id(s.Name)).Id("DecodeJSONItem").Params(Id("m").Op("*").Qual(pkgDDBJSON, "Map")).Error().Block(
			For(Id("m").Dot("Next").Call()).Block(
				Id("i").Op(":=").Qual(pkgDDBJSON, "FieldIndex").Call(Id("m"), Id(names).Index(Op(":"))),
				Var().Err().Error(),
				Switch(Id("i")).Block(cases...),
				If(Err().Op("!=").Nil()).Block(Return(Qual(pkgDDB, "DecodeAt").Call(Id(names).Index(Id("i")), Err()))),
			),
			Return(Id("m").Dot("Err").Call()),
		),
	}
}

// jsonHelperDecode is the ddbjson helper call that decodes field f as the
// map backend's code does, or nil when the field goes through the map
// backend's decoder.
func jsonHelperDecode(f *tags.Field) *Statement {
	t, x := f.Type, codecField(f)
	if codecLeafDecoder(t, f.Enc) != nil && t.Kind != tags.KindTime {
		return Qual(pkgDDBJSON, jsonLeafName(t, f.Enc)).Call(Id("m").Dot("Value").Call(), x.addr())
	}
	if t.Kind == tags.KindSlice && codecHelperDecode(t, f.Enc, codecVar("av"), x) != nil && t.Elem.Kind == tags.KindString {
		return Qual(pkgDDBJSON, "DecodeStrings").Call(Id("m").Dot("Value").Call(), x.addr())
	}
	return nil
}

// jsonLeafName is the ddbjson helper of a scalar that codecLeafDecoder
// decodes with the ddb helper of the same name.
func jsonLeafName(t *tags.Type, o tags.Encoding) string {
	text := ""
	if o.AsString {
		text = "Text"
	}
	switch t.Kind {
	case tags.KindString:
		return "DecodeString"
	case tags.KindInt:
		return "DecodeInt" + text
	case tags.KindUint:
		return "DecodeUint" + text
	case tags.KindFloat:
		return "DecodeFloat" + text
	case tags.KindBool:
		return "DecodeBool"
	}
	return "DecodeBytes"
}

// jsonEncoder emits the item encoder: each field written in field order,
// under the zero rules of the map backend (codecFn.enc); scalars are
// written by the Writer directly, any other field is built by the map
// backend's code as one attribute value and written with
// Writer.AttributeValue:
//
//	// EncodeJSONItem writes v as DynamoDB JSON (runtime/ddbjson), the item MarshalItem encodes.
//	func (v *Order) EncodeJSONItem(w *ddbjson.Writer) error {
//		w.BeginItem()
//		w.Name("customer_id")
//		w.S(v.CustomerID)
//		w.Name("total")
//		if err := w.Float(v.Total, 64); err != nil {
//			return ddb.EncodeAt("total", err)
//		}
//		if v.Items != nil {
//			w.Name("items")
//			ddbjson.WriteStrings(w, v.Items)
//		}
//		{
//			var av types.AttributeValue
//			...the map backend's encoding of v.Lines into av...
//			if av != nil {
//				w.Name("lines")
//				if err := w.AttributeValue(av); err != nil {
//					return ddb.EncodeAt("lines", err)
//				}
//			}
//		}
//		...
//		w.EndItem()
//		return nil
//	}
func (g *codecGen) jsonEncoder(s *tags.Struct) Code {
	body := []Code{Id("w").Dot("BeginItem").Call()}
	for _, f := range s.Fields {
		body = append(body, g.jsonEncodeField(f)...)
	}
	body = append(body, Id("w").Dot("EndItem").Call(), Return(Nil()))
	return doc("// EncodeJSONItem writes v as DynamoDB JSON (runtime/ddbjson): the item MarshalItem encodes.").
		Func().Params(Id("v").Op("*").Id(s.Name)).Id("EncodeJSONItem").Params(Id("w").Op("*").Qual(pkgDDBJSON, "Writer")).Error().Block(body...)
}

// jsonEncodeField emits the writing of one field: directly for the kinds
// jsonDirectWrite knows, under the zero rules of codecFn.enc; through the
// map backend's code and Writer.AttributeValue for the rest.
func (g *codecGen) jsonEncodeField(f *tags.Field) []Code {
	attr := f.Attr
	x, t, o := codecField(f), f.Type, f.Enc
	fail := func(err Code) Code { return Return(Qual(pkgDDB, "EncodeAt").Call(Lit(attr), err)) }
	name := Id("w").Dot("Name").Call(Lit(attr))
	if write := jsonDirectWrite(x, t, o, fail); write != nil {
		value := append([]Code{name}, write...)
		zero, nonZero, ok := codecZero(x, t)
		switch {
		case !ok:
			return value
		case o.OmitEmpty && o.NullEmpty:
			return append([]Code{If(zero).Block(fail(codecErr("unable to encode AttributeValue for zero value field with incompatible struct tags, omitempty and nullempty")))}, value...)
		case o.OmitEmpty:
			return []Code{If(nonZero).Block(value...)}
		case codecNullable(t) || o.NullEmpty:
			return []Code{If(zero).Block(name, Id("w").Dot("Null").Call()).Else().Block(value...)}
		}
		return value
	}
	fn := g.newFn(false)
	put := func(av Code) []Code { return []Code{Id("av").Op("=").Add(av)} }
	inner := []Code{Var().Id("av").Qual(pkgTypes, "AttributeValue")}
	inner = append(inner, fn.enc(x, t, o, put, fail)...)
	if fn.floats {
		// DynamoDB refuses NaN and infinities.
		inner = append(inner, If(Err().Op(":=").Qual(pkgDDB, "CheckNumbers").Call(Id("av")), Err().Op("!=").Nil()).Block(fail(Err())))
	}
	inner = append(inner, If(Id("av").Op("!=").Nil()).Block(
		name,
		If(Err().Op(":=").Id("w").Dot("AttributeValue").Call(Id("av")), Err().Op("!=").Nil()).Block(fail(Err())),
	))
	return []Code{Block(inner...)}
}

// jsonDirectWrite is the writing of a value that is not omitted by the zero
// rules, for the kinds whose map backend encoding the Writer or a ddbjson
// helper reproduces (the differential tests of internal/codectest hold them
// to it): scalars, time.Time, []string as an L or a string set, and
// map[string]string; nil for anything else.
func jsonDirectWrite(x codecExpr, t *tags.Type, o tags.Encoding, fail codecFail) []Code {
	if write := jsonScalarWrite(x, t, o, fail); write != nil {
		return write
	}
	if t.Marshaler || codecNeedsFallback(t) || t.Name != "" && !codecIsTimeTime(t) {
		return nil
	}
	plainString := func(e *tags.Type) bool {
		return e.Kind == tags.KindString && e.Name == "" && e.Basic == "string" && !e.Marshaler
	}
	noElemOpts := !o.OmitEmptyElem && !o.NullEmptyElem
	switch {
	case codecIsTimeTime(t) && o.UnixTime:
		return []Code{Id("w").Dot("Int").Call(x.val().Dot("Unix").Call())}
	case codecIsTimeTime(t):
		return []Code{Qual(pkgDDBJSON, "WriteTime").Call(Id("w"), x.val())}
	case t.Kind == tags.KindSlice && noElemOpts && plainString(t.Elem) && codecSetOf(t, o) == nil:
		return []Code{Qual(pkgDDBJSON, "WriteStrings").Call(Id("w"), x.val())}
	case t.Kind == tags.KindSlice && noElemOpts && plainString(t.Elem) && *codecSetOf(t, o) == codecSS:
		return []Code{Qual(pkgDDBJSON, "WriteStringSet").Call(Id("w"), x.val())}
	case t.Kind == tags.KindMap && noElemOpts && plainString(t.Key) && plainString(t.Elem):
		return []Code{If(Err().Op(":=").Qual(pkgDDBJSON, "WriteStringMap").Call(Id("w"), x.val()), Err().Op("!=").Nil()).Block(fail(Err()))}
	}
	return nil
}

// jsonScalarWrite is the Writer call of a scalar that the map backend's
// encShape writes as one S, N or BOOL (and without the string option), or
// nil.
func jsonScalarWrite(x codecExpr, t *tags.Type, o tags.Encoding, fail codecFail) []Code {
	if t.Marshaler || codecNeedsFallback(t) || o.AsString {
		return nil
	}
	w := Id("w")
	switch t.Kind {
	case tags.KindBool:
		return []Code{w.Dot("Bool").Call(codecConv(x, t, "bool"))}
	case tags.KindString:
		if codecNumberString(t) {
			return nil
		}
		return []Code{w.Dot("S").Call(codecConv(x, t, "string"))}
	case tags.KindInt:
		return []Code{w.Dot("Int").Call(codecConv(x, t, "int64"))}
	case tags.KindUint:
		if codecIsUintptr(t) {
			return nil
		}
		return []Code{w.Dot("Uint").Call(codecConv(x, t, "uint64"))}
	case tags.KindFloat:
		return []Code{If(Err().Op(":=").Add(w.Dot("Float").Call(codecConv(x, t, "float64"), Lit(codecBits(t)))), Err().Op("!=").Nil()).Block(fail(Err()))}
	}
	return nil
}
