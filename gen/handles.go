package gen

import (
	"fmt"

	. "github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/tags"
)

// Typed attribute handles: one per attribute of a table, declared as one
// value, <Model>Attrs. A handle is a generic runtime type (ddb.String,
// ddb.Number, ...) chosen by how the field is stored, and an encoder: a
// runtime one for the kinds it covers, the field's generated encoder for the
// rest, so a handle's operands are exactly what MarshalItem writes.

// handle is the handle of one field: its type and its constructor call.
type handle struct {
	typ, ctor Code
	// genEncoder: the field needs its generated encoder (fieldEncoder).
	genEncoder bool
}

func ddbType(name string, args ...Code) *Statement { return Qual(pkgDDB, name).Types(args...) }

// scalarEncoder is the runtime encoder of a value of type t stored with
// options o, and the handle kind it gets ("String", "Number", "Binary",
// "Ordered", "Value"); ok is false when the runtime has none for it.
func scalarEncoder(t *tags.Type, o tags.Encoding) (enc *Statement, kind string, ok bool) {
	if t.Marshaler || codecNeedsFallback(t) {
		return nil, "", false
	}
	v := typeCode(t)
	switch t.Kind {
	case tags.KindString:
		if codecNumberString(t) {
			return Qual(pkgDDB, "EncNString").Types(v), "Value", true
		}
		return Qual(pkgDDB, "EncS").Types(v), "String", true
	case tags.KindInt, tags.KindUint, tags.KindFloat:
		if codecIsUintptr(t) {
			return nil, "", false
		}
		if o.AsString {
			return Qual(pkgDDB, "EncNText").Types(v), "Value", true
		}
		return Qual(pkgDDB, "EncN").Types(v), "Number", true
	case tags.KindBool:
		return Qual(pkgDDB, "EncBool").Types(v), "Value", true
	case tags.KindBytes:
		if t.Elem != nil {
			return nil, "", false
		}
		return Qual(pkgDDB, "EncB").Types(v), "Binary", true
	case tags.KindTime:
		if !codecIsTimeTime(t) {
			return nil, "", false
		}
		if o.UnixTime {
			return Qual(pkgDDB, "EncUnixTime"), "Ordered", true
		}
		return Qual(pkgDDB, "EncTime"), "Value", true
	}
	return nil, "", false
}

// withZeroOption wraps a scalar encoder in the field's omitempty or nullempty
// rule, as the codec applies it (not to times, which are never empty, nor
// both at once, which only the generated encoder reports).
func withZeroOption(enc *Statement, t *tags.Type, o tags.Encoding) (*Statement, bool) {
	if o.OmitEmpty && o.NullEmpty {
		if _, _, zeroable := codecZero(codecVar("v"), t); zeroable {
			return nil, false
		}
	}
	switch {
	case t.Kind == tags.KindTime:
		return enc, true
	case t.Kind == tags.KindBytes:
		if o.OmitEmpty {
			return Qual(pkgDDB, "OmitNilBytes").Call(enc), true
		}
		return enc, true // nil is NULL with or without nullempty
	case o.OmitEmpty:
		return Qual(pkgDDB, "OmitZero").Call(enc), true
	case o.NullEmpty:
		return Qual(pkgDDB, "NullZero").Call(enc), true
	}
	return enc, true
}

// elemHandle is the runtime constructor of the handle of a list element or
// map value of type e (plain encoding), and its type; ok is false when there
// is none.
func elemHandle(e *tags.Type) (typ, ctor, enc *Statement, ok bool) {
	if e.Marshaler || codecNeedsFallback(e) || e.Kind == tags.KindPtr {
		return nil, nil, nil, false
	}
	v := typeCode(e)
	switch e.Kind {
	case tags.KindString:
		if codecNumberString(e) {
			return nil, nil, nil, false
		}
		return ddbType("String", v), Qual(pkgDDB, "StringAt").Types(v), Qual(pkgDDB, "EncS").Types(v), true
	case tags.KindInt, tags.KindUint, tags.KindFloat:
		if codecIsUintptr(e) {
			return nil, nil, nil, false
		}
		return ddbType("Number", v), Qual(pkgDDB, "NumberAt").Types(v), Qual(pkgDDB, "EncN").Types(v), true
	case tags.KindBytes:
		if e.Elem != nil {
			return nil, nil, nil, false
		}
		return ddbType("Binary", v), Qual(pkgDDB, "BinaryAt").Types(v), Qual(pkgDDB, "EncB").Types(v), true
	}
	return nil, nil, nil, false
}

// handleOf chooses the handle of field f of table t:
//
//	ddb.String[string]   ddb.NewString(ddb.TableAttr(OrderTableName, "status"), ddb.EncS[string])
//	ddb.Number[float64]  ddb.NewNumber(ddb.TableAttr(OrderTableName, "total"), ddb.EncN[float64])
//	ddb.Set[string]      ddb.NewSet(ddb.TableAttr(EntityTableName, "tags"), ddb.OmitNilList(ddb.EncStringSet[string]), ddb.EncS[string])
//	ddb.List[string, ddb.String[string]]
//	ddb.Map[string, ddb.String[string]]
//	ddb.Value[Money]     ddb.NewValue(ddb.TableAttr(OrderTableName, "price"), marshalOrderPrice)
func handleOf(t *tags.Table, f *tags.Field) handle {
	path := Qual(pkgDDB, "TableAttr").Call(Id(typeName(t)+"TableName"), Lit(f.Attr))
	ty, o := f.Type, f.Enc
	generated := func() handle {
		v := typeCode(ty)
		if codecHasAnon(ty) {
			v = Any()
		}
		return handle{
			typ:        ddbType("Value", v),
			ctor:       Qual(pkgDDB, "NewValue").Call(path, Id(fieldEncoderName(t.Struct, f))),
			genEncoder: true,
		}
	}
	scalar := func(st *tags.Type, o tags.Encoding, zeroRule bool) (handle, bool) {
		enc, kind, ok := scalarEncoder(st, o)
		if !ok {
			return handle{}, false
		}
		if zeroRule {
			if enc, ok = withZeroOption(enc, st, o); !ok {
				return handle{}, false
			}
		}
		return handle{
			typ:  ddbType(kind, typeCode(st)),
			ctor: Qual(pkgDDB, "New"+kind).Call(path, enc),
		}, true
	}
	if ty.Kind == tags.KindPtr {
		// A pointer to a scalar: the handle takes the value; a nil pointer
		// is Remove (or the NULL the codec writes, through Set of the field).
		if e := ty.Elem; e.Kind != tags.KindPtr && !e.Marshaler && !ty.Marshaler {
			if h, ok := scalar(e, o, false); ok {
				return h
			}
		}
		return generated()
	}
	if h, ok := scalar(ty, o, true); ok {
		return h
	}
	if ty.Marshaler || ty.Name != "" || codecNeedsFallback(ty) || o.OmitEmptyElem || o.NullEmptyElem || (o.OmitEmpty && o.NullEmpty) {
		return generated()
	}
	switch ty.Kind {
	case tags.KindSlice:
		e := ty.Elem
		if set := codecSetOf(ty, o); set != nil {
			var enc, elem *Statement
			switch {
			case *set == codecSS && e.Kind == tags.KindString && !codecNumberString(e) && !e.Marshaler:
				enc, elem = Qual(pkgDDB, "EncStringSet").Types(typeCode(e)), Qual(pkgDDB, "EncS").Types(typeCode(e))
			case *set == codecNS && (e.Kind == tags.KindInt || e.Kind == tags.KindFloat || (e.Kind == tags.KindUint && !codecIsUintptr(e))) && !e.Marshaler:
				enc, elem = Qual(pkgDDB, "EncNumberSet").Types(typeCode(e)), Qual(pkgDDB, "EncN").Types(typeCode(e))
			case *set == codecBS && e.Kind == tags.KindBytes && e.Elem == nil && !e.Marshaler:
				enc, elem = Qual(pkgDDB, "EncBinarySet").Types(typeCode(e)), Qual(pkgDDB, "EncB").Types(typeCode(e))
			default:
				return generated()
			}
			if o.OmitEmpty {
				enc = Qual(pkgDDB, "OmitNilList").Call(enc)
			}
			return handle{
				typ:  ddbType("Set", typeCode(e)),
				ctor: Qual(pkgDDB, "NewSet").Call(path, enc, elem),
			}
		}
		htyp, hctor, elemEnc, ok := elemHandle(e)
		if !ok {
			return generated()
		}
		enc := Qual(pkgDDB, "EncList").Call(elemEnc.Clone())
		if o.OmitEmpty {
			enc = Qual(pkgDDB, "OmitNilList").Call(enc)
		}
		return handle{
			typ:  ddbType("List", typeCode(e), htyp),
			ctor: Qual(pkgDDB, "NewList").Call(path, enc, elemEnc, hctor),
		}
	case tags.KindMap:
		if k := ty.Key; k.Kind != tags.KindString || k.Name != "" {
			return generated()
		}
		htyp, hctor, elemEnc, ok := elemHandle(ty.Elem)
		if !ok {
			return generated()
		}
		enc := Qual(pkgDDB, "EncMap").Call(elemEnc)
		if o.OmitEmpty {
			enc = Qual(pkgDDB, "OmitNilMap").Call(enc)
		}
		return handle{
			typ:  ddbType("Map", typeCode(ty.Elem), htyp),
			ctor: Qual(pkgDDB, "NewMap").Call(path, enc, hctor),
		}
	}
	return generated()
}

// attrsName is the name of a table's handles: OrderAttrs.
func attrsName(t *tags.Table) string { return typeName(t) + "Attrs" }

// attrsDecls declares the handles, built by a function of their own (one
// package initializer holding every table's handles compiles slowly):
//
//	// OrderAttrs are the typed handles of Order's attributes: conditions, filters,
//	// update actions and projections are built from them.
//	var OrderAttrs = newOrderAttributes()
//
//	// OrderAttributes holds one typed handle per attribute of Order (see OrderAttrs).
//	type OrderAttributes struct {
//		CustomerID ddb.String[string]  // customer_id: partition key
//		Total      ddb.Number[float64] // total
//	}
//
//	func newOrderAttributes() OrderAttributes {
//		return OrderAttributes{
//			CustomerID: ddb.NewString(ddb.TableAttr(OrderTableName, "customer_id"), ddb.EncS[string]),
//			Total:      ddb.NewNumber(ddb.TableAttr(OrderTableName, "total"), ddb.EncN[float64]),
//		}
//	}
func attrsDecls(t *tags.Table) []Code {
	var fields []Code
	var values []kv
	for _, f := range t.Struct.Fields {
		h := handleOf(t, f)
		id := fieldIdent(t.Struct, f)
		fields = append(fields, Id(id).Add(h.typ).Comment(f.Attr+fieldRole(t, f)))
		values = append(values, kv{id, h.ctor})
	}
	typ := attrsTypeName(t)
	return []Code{
		doc(
			fmt.Sprintf("%s are the typed handles of %s's attributes: conditions, filters,", attrsName(t), typeName(t)),
			"update actions and projections are built from them.",
		).Var().Id(attrsName(t)).Op("=").Id("new" + typ).Call(),
		doc(fmt.Sprintf("%s holds one typed handle per attribute of %s (see %s).", typ, typeName(t), attrsName(t))).
			Type().Id(typ).Struct(fields...),
		Func().Id("new" + typ).Params().Id(typ).Block(Return(literal(Id(typ), values...))),
	}
}

// attrsTypeName is the type of a table's handles: OrderAttributes.
func attrsTypeName(t *tags.Table) string { return typeName(t) + "Attributes" }

// fieldRole describes a field's part in the table for the handle's comment.
func fieldRole(t *tags.Table, f *tags.Field) string {
	switch {
	case f == t.PK.Field:
		return ": partition key"
	case t.SK != nil && f == t.SK.Field:
		return ": sort key"
	case t.Version == f:
		return ": optimistic locking"
	case t.TTL == f:
		return ": time to live"
	}
	for _, ix := range t.Indexes() {
		if (ix.PK != nil && ix.PK.Field == f && ix.Kind == tags.GlobalIndex) || (ix.SK != nil && ix.SK.Field == f) {
			return ": index key"
		}
	}
	return ""
}
