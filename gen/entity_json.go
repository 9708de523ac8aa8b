package gen

// The JSON backend of the codec for single-table entities (issue 18, with
// -json): DecodeJSONItem and EncodeJSONItem with the semantics of the
// entity's UnmarshalItem and MarshalItem. The fields are read and written by
// the table structs' JSON backend (codec_json.go: jsonHelperDecode,
// jsonEncodeField); what is particular to an entity, its key and type
// attributes, is runtime code (runtime/ddbjson's EntityItem and
// WriteEntityKeys), so each entity's file grows only by the two methods
// and one descriptor:
//
//	var orderJSONFields = ddbjson.NewEntityFields(orderEntity, attrNamesOrder[:])
//
//	func (v *Order) DecodeJSONItem(m *ddbjson.Map) error {
//		it := ddbjson.EntityItem{Fields: orderJSONFields}
//		for m.Next() {
//			i := it.Field(m) // notes the key and type attributes
//			var err error
//			switch i { ...one case per field, as jsonDecoder's... }
//			if err != nil {
//				it.Fail(i, err)
//			}
//		}
//		return it.End(m, v.setKeyField) // owner check, then keys → fields
//	}
//
//	func (v *Order) EncodeJSONItem(w *ddbjson.Writer) error {
//		w.BeginItem()
//		...the fields, as jsonEncoder writes them...
//		ks := new(ddb.KeySet)
//		b := ks.Buf()
//		b = ks.Add(b, orderPkTmpl.Begin(b).Text(v.CustomerID))
//		...every key, as MarshalItem builds them...
//		if err := ddbjson.WriteEntityKeys(w, orderEntity, ks, b); err != nil {
//			return err
//		}
//		w.EndItem()
//		return nil
//	}

import (
	. "github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/tags"
)

// entityJSONFieldsVar names an entity's ddbjson.EntityFields.
func entityJSONFieldsVar(e *tags.Entity) string { return lowerFirst(entName(e)) + "JSONFields" }

// entityJSONMethods emits the JSON codec of entity e (see the top of this file).
func (g *codecGen) entityJSONMethods(e *tags.Entity) []Code {
	s := e.Struct
	n := entName(e)
	names := "attrNames" + g.base(s)
	cases := []Code{Case(Lit(-1)).Comment("not a field, or a key or the type attribute")}
	for i, f := range s.Fields {
		if call := jsonHelperDecode(f); call != nil {
			cases = append(cases, Case(Lit(i)).Block(Err().Op("=").Add(call)))
		}
	}
	if len(cases) <= len(s.Fields) { // a field without a helper: the map backend's decoder
		cases = append(cases, Default().Block(
			Var().Id("av").Qual(pkgTypes, "AttributeValue"),
			If(List(Id("av"), Err()).Op("=").Id("m").Dot("Value").Call().Dot("AttributeValue").Call(), Err().Op("==").Nil()).Block(
				Err().Op("=").Id("unmarshal"+g.base(s)+"Field").Call(Id("v"), Id("i"), Id("av")),
			),
		))
	}
	decode := doc("// DecodeJSONItem decodes an item of DynamoDB JSON (runtime/ddbjson) as UnmarshalItem decodes it;",
		"// an item of another entity is an error wrapping ddb.ErrForeignItem.").
		Func().Params(Id("v").Op("*").Id(n)).Id("DecodeJSONItem").Params(Id("m").Op("*").Qual(pkgDDBJSON, "Map")).Error().Block(
		Id("it").Op(":=").Qual(pkgDDBJSON, "EntityItem").Values(Dict{Id("Fields"): Id(entityJSONFieldsVar(e))}),
		For(Id("m").Dot("Next").Call()).Block(
			Id("i").Op(":=").Id("it").Dot("Field").Call(Id("m")),
			Var().Err().Error(),
			Switch(Id("i")).Block(cases...),
			If(Err().Op("!=").Nil()).Block(Id("it").Dot("Fail").Call(Id("i"), Err())),
		),
		Return(Id("it").Dot("End").Call(Id("m"), Id("v").Dot("setKeyField"))),
	)

	body := []Code{Id("w").Dot("BeginItem").Call()}
	for _, f := range s.Fields {
		body = append(body, g.jsonEncodeField(f)...)
	}
	body = append(body, Id("ks").Op(":=").New(Qual(pkgDDB, "KeySet")), Id("b").Op(":=").Id("ks").Dot("Buf").Call())
	for _, k := range distinctKeys(e) {
		body = append(body, Id("b").Op("=").Id("ks").Dot("Add").Call(Id("b"), builderOn(e, k, fromItem, Id("b"))))
	}
	body = append(body,
		If(Err().Op(":=").Qual(pkgDDBJSON, "WriteEntityKeys").Call(Id("w"), Id(entVar(e)), Id("ks"), Id("b")), Err().Op("!=").Nil()).Block(Return(Err())),
		Id("w").Dot("EndItem").Call(),
		Return(Nil()),
	)
	encode := doc("// EncodeJSONItem writes v as DynamoDB JSON (runtime/ddbjson): the item MarshalItem encodes,",
		"// with its key attributes and entity type.").
		Func().Params(Id("v").Op("*").Id(n)).Id("EncodeJSONItem").Params(Id("w").Op("*").Qual(pkgDDBJSON, "Writer")).Error().Block(body...)

	return []Code{
		doc(entityJSONFieldsVar(e)+" describes "+n+"'s attributes to DecodeJSONItem: fields, keys, type.").
			Var().Id(entityJSONFieldsVar(e)).Op("=").Qual(pkgDDBJSON, "NewEntityFields").Call(Id(entVar(e)), Id(names).Index(Op(":"))),
		decode,
		encode,
	}
}
