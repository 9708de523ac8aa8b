package gen

// The DynamoDB-JSON backend of the codec (issue 18): per table struct, the
// methods runtime/ddbjson reads answers into and writes requests from,
// without the SDK's map[string]types.AttributeValue. The rules (which
// attribute a field gets, omitempty, nullempty, sets, unixtime, the string
// option, Marshaler/Unmarshaler types, the attributevalue fallback) are the
// classification of codec_walk.go; this backend only chooses, per field,
// between a ddbjson helper for the hot kinds and the attribute-value map
// backend's code (codec_map.go) for the rest, converted at the edge:
//
//	func (v *T) DecodeJSONItem(m *ddbjson.Map) error
//	func (v *T) EncodeJSONItem(w *ddbjson.Writer) error
//
// Entry points, for emitters of other structs' JSON methods:
//
//	jsonMethods(t)       both methods of table struct t
//	jsonDecoder(s)       DecodeJSONItem of struct s (needs unmarshal<S>Field and attrNames<S>: attrDecoder)
//	jsonEncoder(s)       EncodeJSONItem of struct s
//	jsonHelperDecode(f)  the ddbjson call that decodes field f from m.Value(), or nil: the field is
//	                     converted to a types.AttributeValue and decoded by unmarshal<S>Field
//	jsonEncodeField(f)   the writing of field f (its name and value) under the zero rules

import (
	. "github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/tags"
)

const pkgDDBJSON = "github.com/stelviogen/stelviogen/runtime/ddbjson"

// jsonDecoders are the runtime/ddb decoders (codecDecoderOf) that ddbjson
// has a helper of the same name for, decoding as they do.
var jsonDecoders = map[string]bool{
	"DecodeString": true, "DecodeBool": true, "DecodeBytes": true, "DecodeStrings": true,
	"DecodeInt": true, "DecodeIntText": true, "DecodeUint": true, "DecodeUintText": true,
	"DecodeFloat": true, "DecodeFloatText": true,
}

// jsonMethods emits the JSON codec of table struct t (see jsonDecoder and
// jsonEncoder).
func (g *codecGen) jsonMethods(t *tags.Table) []Code {
	return append(g.jsonDecoder(t.Struct), g.jsonEncoder(t.Struct))
}

// jsonDecoder emits the item decoder: fields with a ddbjson helper
// (jsonHelperDecode) are read by it; any other field is converted into the
// SDK's form and read by the map backend's unmarshal<T>Field. Nothing in it
// is generic in the model type (a generic instantiation per model costs
// build time):
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
	names := attrNamesName(base)
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
				Err().Op("=").Id(fieldDecoderName(base)).Call(Id("v"), Id("i"), Id("av")),
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
// map backend's code does (its codecDecoderOf, when ddbjson has it), or nil
// when the field goes through the map backend's decoder:
//
//	ddbjson.DecodeFloat(m.Value(), &v.Total)
func jsonHelperDecode(f *tags.Field) *Statement {
	if d := codecDecoderOf(f.Type, f.Enc); jsonDecoders[d.name] {
		return Qual(pkgDDBJSON, d.name).Call(Id("m").Dot("Value").Call(), codecField(f).addr())
	}
	return nil
}

// jsonEncoder emits the item encoder: each field written in field order
// (jsonEncodeField):
//
//	// EncodeJSONItem writes v as DynamoDB JSON (runtime/ddbjson): the item MarshalItem encodes.
//	func (v *Order) EncodeJSONItem(w *ddbjson.Writer) error {
//		w.BeginItem()
//		w.Name("customer_id")
//		w.S(v.CustomerID)
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
// jsonDirectWrite knows, under the field's zero rule (codecZeroRuleOf);
// the rest is built by the map backend as one attribute value
// (encodeToAV, which applies the zero rule itself) and written with
// Writer.AttributeValue:
//
//	w.Name("total")
//	if err := w.Float(v.Total, 64); err != nil {
//		return ddb.EncodeAt("total", err)
//	}
//	if v.Items != nil { // omitempty
//		w.Name("items")
//		ddbjson.WriteStrings(w, v.Items)
//	}
//	if v.Note == nil { // a nil pointer, slice or map; nullempty
//		w.Name("note")
//		w.Null()
//	} else { ... }
//	{
//		...encodeToAV of v.Lines...
//		if av != nil {
//			w.Name("lines")
//			if err := w.AttributeValue(av); err != nil {
//				return ddb.EncodeAt("lines", err)
//			}
//		}
//	}
func (g *codecGen) jsonEncodeField(f *tags.Field) []Code {
	attr := f.Attr
	x, t, o := codecField(f), f.Type, f.Enc
	fail := func(err Code) Code { return Return(Qual(pkgDDB, "EncodeAt").Call(Lit(attr), err)) }
	name := Id("w").Dot("Name").Call(Lit(attr))
	write := jsonDirectWrite(x, t, o, fail)
	if write == nil {
		inner := append(g.encodeToAV(x, t, o, fail), If(Id("av").Op("!=").Nil()).Block(
			name,
			If(Err().Op(":=").Id("w").Dot("AttributeValue").Call(Id("av")), Err().Op("!=").Nil()).Block(fail(Err())),
		))
		return []Code{Block(inner...)}
	}
	value := append([]Code{name}, write...)
	zero, nonZero, _ := codecZero(x, t)
	switch codecZeroRuleOf(t, o) {
	case zeroConflict:
		return append([]Code{If(zero).Block(fail(codecErr(codecZeroConflict)))}, value...)
	case zeroOmitted:
		return []Code{If(nonZero).Block(value...)}
	case zeroNull:
		return []Code{If(zero).Block(name, Id("w").Dot("Null").Call()).Else().Block(value...)}
	}
	return value
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
	switch sc := codecScalarOf(t, o); {
	case sc.kind == scalarUnixTime:
		return []Code{Id("w").Dot("Int").Call(x.val().Dot("Unix").Call())}
	case sc.kind == scalarTime:
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

// jsonScalarWrite is the Writer call of a scalar that is stored as one S, N
// or BOOL (codecScalarOf) without the string option, or nil.
func jsonScalarWrite(x codecExpr, t *tags.Type, o tags.Encoding, fail codecFail) []Code {
	if o.AsString {
		return nil
	}
	w := Id("w")
	switch sc := codecScalarOf(t, o); sc.kind {
	case scalarBool:
		return []Code{w.Dot("Bool").Call(codecConv(x, t, sc.basic))}
	case scalarString:
		return []Code{w.Dot("S").Call(codecConv(x, t, sc.basic))}
	case scalarInt:
		return []Code{w.Dot("Int").Call(codecConv(x, t, sc.basic))}
	case scalarUint:
		return []Code{w.Dot("Uint").Call(codecConv(x, t, sc.basic))}
	case scalarFloat:
		return []Code{If(Err().Op(":=").Add(w.Dot("Float").Call(codecConv(x, t, sc.basic), Lit(codecBits(t)))), Err().Op("!=").Nil()).Block(fail(Err()))}
	}
	return nil
}
