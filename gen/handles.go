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
	// kind and args, for a handle made by a runtime constructor
	// (ddb.New<kind>(path, args...)): a table's handles are set in place
	// by ddb.Init<kind>(&a.X, table, attr, args...) instead.
	kind string
	args []Code
	// genEncoder: the field needs its generated encoder (fieldEncoder).
	genEncoder bool
}

// runtimeHandle is the handle of type typ made by ddb.New<kind>(path, args...).
func runtimeHandle(typ Code, kind string, path Code, args ...Code) handle {
	return handle{typ: typ, ctor: Qual(pkgDDB, "New"+kind).Call(append([]Code{path}, args...)...), kind: kind, args: args}
}

func ddbType(name string, args ...Code) *Statement { return Qual(pkgDDB, name).Types(args...) }

// scalarEncoder is the runtime encoder of a value of type t stored with
// options o, and the handle kind it gets ("String", "Number", "Binary",
// "Ordered", "Value"); ok is false when the runtime has none for it. Which
// scalar a value is, is the codec's classification (codecScalarOf).
func scalarEncoder(t *tags.Type, o tags.Encoding) (enc *Statement, kind string, ok bool) {
	v := typeCode(t)
	switch codecScalarOf(t, o).kind {
	case scalarNumberText:
		return Qual(pkgDDB, "EncNString").Types(v), "Value", true
	case scalarString:
		return Qual(pkgDDB, "EncS").Types(v), "String", true
	case scalarInt, scalarUint, scalarFloat:
		if o.AsString {
			return Qual(pkgDDB, "EncNText").Types(v), "Value", true
		}
		return Qual(pkgDDB, "EncN").Types(v), "Number", true
	case scalarBool:
		return Qual(pkgDDB, "EncBool").Types(v), "Value", true
	case scalarBytes:
		if t.Elem == nil {
			return Qual(pkgDDB, "EncB").Types(v), "Binary", true
		}
	case scalarUnixTime:
		if codecIsTimeTime(t) {
			return Qual(pkgDDB, "EncUnixTime"), "Ordered", true
		}
	case scalarTime:
		if codecIsTimeTime(t) {
			return Qual(pkgDDB, "EncTime"), "Value", true
		}
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
	v := typeCode(e)
	switch codecScalarOf(e, tags.Encoding{}).kind {
	case scalarString:
		return ddbType("String", v), Qual(pkgDDB, "StringAt").Types(v), Qual(pkgDDB, "EncS").Types(v), true
	case scalarInt, scalarUint, scalarFloat:
		return ddbType("Number", v), Qual(pkgDDB, "NumberAt").Types(v), Qual(pkgDDB, "EncN").Types(v), true
	case scalarBytes:
		if e.Elem == nil {
			return ddbType("Binary", v), Qual(pkgDDB, "BinaryAt").Types(v), Qual(pkgDDB, "EncB").Types(v), true
		}
	}
	return nil, nil, nil, false
}

// handleGen chooses the handles of the fields of one package's structs.
type handleGen struct {
	g *codecGen
	// nested: struct keys that get a handle type of their own (XAttributes):
	// named structs the codec encodes itself, that are not tables.
	nested map[string]bool
	// cyclic: struct keys whose handle type would contain itself through
	// struct or pointer fields; fields of such types get a plain Value.
	cyclic map[string]bool
}

func newHandleGen(pkg *tags.Package) *handleGen {
	g := &codecGen{pkg: pkg, tables: map[string]bool{}}
	for _, tt := range pkg.Tables {
		g.tables[codecStructKey(tt.Struct)] = true
	}
	hg := &handleGen{g: g, nested: map[string]bool{}, cyclic: map[string]bool{}}
	// Direct (by-value) handle edges: a struct's handle holds the handles
	// of its struct and pointer-to-struct fields.
	edges := map[string][]string{}
	var visit func(s *tags.Struct)
	visit = func(s *tags.Struct) {
		k := codecStructKey(s)
		if _, done := edges[k]; done {
			return
		}
		edges[k] = nil
		for _, f := range s.Fields {
			walkStructs(f.Type, func(ns *tags.Struct, direct bool) {
				if hg.handleable(ns) {
					hg.nested[codecStructKey(ns)] = true
					if direct {
						edges[k] = append(edges[k], codecStructKey(ns))
					}
					visit(ns)
				}
			})
		}
	}
	for _, t := range pkg.Tables {
		visit(t.Struct)
	}
	for k := range hg.nested {
		// k is cyclic when it reaches itself.
		seen := map[string]bool{}
		var reach func(from string) bool
		reach = func(from string) bool {
			for _, to := range edges[from] {
				if to == k {
					return true
				}
				if !seen[to] {
					seen[to] = true
					if reach(to) {
						return true
					}
				}
			}
			return false
		}
		if reach(k) {
			hg.cyclic[k] = true
		}
	}
	return hg
}

// walkStructs calls f with every named struct type t mentions (through
// pointers, slices, arrays and map values); direct is true for a struct
// reached through pointers only, whose handle a handle holds by value.
func walkStructs(t *tags.Type, f func(s *tags.Struct, direct bool)) {
	var walk func(t *tags.Type, direct bool)
	walk = func(t *tags.Type, direct bool) {
		if t == nil || t.Marshaler || codecNeedsFallback(t) {
			return
		}
		switch t.Kind {
		case tags.KindPtr:
			walk(t.Elem, direct)
		case tags.KindSlice, tags.KindArray, tags.KindMap:
			walk(t.Elem, false)
		case tags.KindStruct:
			if t.Struct != nil && t.Struct.Name != "" {
				f(t.Struct, direct)
			}
		}
	}
	walk(t, true)
}

// handleable reports whether struct s gets a handle type of its own.
func (hg *handleGen) handleable(s *tags.Struct) bool {
	return s != nil && s.Name != "" && !hg.g.isTable(s)
}

// structHandle reports whether values of type t get the handle type of
// their struct (XAttributes): a named, non-cyclic nested struct.
func (hg *handleGen) structHandle(t *tags.Type) (*tags.Struct, bool) {
	if t.Kind != tags.KindStruct || t.Marshaler || codecNeedsFallback(t) || t.Struct == nil || !hg.handleable(t.Struct) {
		return nil, false
	}
	k := codecStructKey(t.Struct)
	return t.Struct, hg.nested[k] && !hg.cyclic[k]
}

// structAttrsName is the handle type of a nested struct: AddressAttributes.
func (hg *handleGen) structAttrsName(s *tags.Struct) string { return hg.g.base(s) + "Attributes" }

// structAttrsAt is its constructor from a path: addressAttributesAt.
func (hg *handleGen) structAttrsAt(s *tags.Struct) string {
	return lowerFirst(hg.g.base(s)) + "AttributesAt"
}

// structEncoder encodes a value of the nested struct: encodeAddress.
func (hg *handleGen) structEncoder(s *tags.Struct) string { return "encode" + hg.g.base(s) }

// elemHandle is the handle of a list element or map value of type e: its
// type, its constructor from a path, and its value encoder; ok is false
// when there is none.
func (hg *handleGen) elemHandle(e *tags.Type) (typ, ctor, enc *Statement, ok bool) {
	if s, ok := hg.structHandle(e); ok {
		return Id(hg.structAttrsName(s)), Id(hg.structAttrsAt(s)), Id(hg.structEncoder(s)), true
	}
	return elemHandle(e)
}

// handleOf chooses the handle of field f of struct s (a table's, or a nested
// struct's), at path:
//
//	ddb.String[string]   ddb.NewString(ddb.TableAttr(OrderTableName, "status"), ddb.EncS[string])
//	ddb.Number[float64]  ddb.NewNumber(ddb.TableAttr(OrderTableName, "total"), ddb.EncN[float64])
//	ddb.Set[string]      ddb.NewSet(ddb.TableAttr(EntityTableName, "tags"), ddb.OmitNilList(ddb.EncStringSet[string]), ddb.EncS[string])
//	ddb.List[string, ddb.String[string]]
//	ddb.Map[string, ddb.String[string]]
//	AddressAttributes    addressAttributesAt(ddb.TableAttr(CustomerTableName, "home"))
//	ddb.List[Address, AddressAttributes]
//	ddb.Value[Money]     ddb.NewValue(ddb.TableAttr(OrderTableName, "price"), marshalOrderPrice)
func (hg *handleGen) handleOf(s *tags.Struct, f *tags.Field, path Code) handle {
	ty, o := f.Type, f.Enc
	generated := func() handle {
		v := typeCode(ty)
		if codecHasAnon(ty) {
			v = Any()
		}
		h := runtimeHandle(ddbType("Value", v), "Value", path, Id(fieldEncoderName(hg.g.base(s), f)))
		h.genEncoder = true
		return h
	}
	scalar := func(st *tags.Type, o tags.Encoding, zeroRule bool) (handle, bool) {
		if ns, ok := hg.structHandle(st); ok {
			return handle{typ: Id(hg.structAttrsName(ns)), ctor: Id(hg.structAttrsAt(ns)).Call(path)}, true
		}
		enc, kind, ok := scalarEncoder(st, o)
		if !ok {
			return handle{}, false
		}
		if zeroRule {
			if enc, ok = withZeroOption(enc, st, o); !ok {
				return handle{}, false
			}
		}
		return runtimeHandle(ddbType(kind, typeCode(st)), kind, path, enc), true
	}
	if ty.Kind == tags.KindPtr {
		// A pointer to a scalar or struct: the handle takes the value; a nil
		// pointer is Remove.
		if e := ty.Elem; e.Kind != tags.KindPtr && !e.Marshaler && !ty.Marshaler {
			if h, ok := scalar(e, o, false); ok {
				return h
			}
		}
		return generated()
	}
	if ty.Kind == tags.KindStruct {
		if h, ok := scalar(ty, o, false); ok { // structs are never empty: no zero rule
			return h
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
			switch ek := codecScalarOf(e, tags.Encoding{}).kind; {
			case *set == codecSS && ek == scalarString:
				enc, elem = Qual(pkgDDB, "EncStringSet").Types(typeCode(e)), Qual(pkgDDB, "EncS").Types(typeCode(e))
			case *set == codecNS && (ek == scalarInt || ek == scalarUint || ek == scalarFloat):
				enc, elem = Qual(pkgDDB, "EncNumberSet").Types(typeCode(e)), Qual(pkgDDB, "EncN").Types(typeCode(e))
			case *set == codecBS && ek == scalarBytes && e.Elem == nil:
				enc, elem = Qual(pkgDDB, "EncBinarySet").Types(typeCode(e)), Qual(pkgDDB, "EncB").Types(typeCode(e))
			default:
				return generated()
			}
			if o.OmitEmpty {
				enc = Qual(pkgDDB, "OmitNilList").Call(enc)
			}
			return runtimeHandle(ddbType("Set", typeCode(e)), "Set", path, enc, elem)
		}
		htyp, hctor, elemEnc, ok := hg.elemHandle(e)
		if !ok {
			return generated()
		}
		var enc Code
		_, isStruct := hg.structHandle(e)
		if isStruct {
			enc = Id(fieldEncoderName(hg.g.base(s), f))
		} else {
			enc = Qual(pkgDDB, "EncList").Call(elemEnc.Clone())
			if o.OmitEmpty {
				enc = Qual(pkgDDB, "OmitNilList").Call(enc)
			}
		}
		h := runtimeHandle(ddbType("List", typeCode(e), htyp), "List", path, enc, elemEnc, hctor)
		h.genEncoder = isStruct
		return h
	case tags.KindMap:
		if k := ty.Key; k.Kind != tags.KindString || k.Name != "" {
			return generated()
		}
		htyp, hctor, elemEnc, ok := hg.elemHandle(ty.Elem)
		if !ok {
			return generated()
		}
		var enc Code
		_, isStruct := hg.structHandle(ty.Elem)
		if isStruct {
			enc = Id(fieldEncoderName(hg.g.base(s), f))
		} else {
			enc = Qual(pkgDDB, "EncMap").Call(elemEnc)
			if o.OmitEmpty {
				enc = Qual(pkgDDB, "OmitNilMap").Call(enc)
			}
		}
		h := runtimeHandle(ddbType("Map", typeCode(ty.Elem), htyp), "Map", path, enc, hctor)
		h.genEncoder = isStruct
		return h
	}
	return generated()
}

// attrsName is the name of a table's handles: OrderAttrs.
func attrsName(t *tags.Table) string { return typeName(t) + "Attrs" }

// tableAttr is the path of a table's top-level attribute.
func tableAttr(t *tags.Table, f *tags.Field) Code {
	return Qual(pkgDDB, "TableAttr").Call(Id(typeName(t)+"TableName"), Lit(f.Attr))
}

// nestedDecls declares the handles of a nested struct, emitted once per
// package beside its codec:
//
//	// AddressAttributes holds the handles of an Address stored inside an item:
//	// the whole value (Set, Eq, Remove, ...) and one handle per field.
//	type AddressAttributes struct {
//		ddb.Value[Address]
//		City ddb.String[string] // city
//	}
//
//	// addressAttributesAt returns the handles of the Address stored at p.
//	func addressAttributesAt(p ddb.AttrPath) (a AddressAttributes) {
//		a.Value = ddb.NewValue(p, encodeAddress)
//		a.City = ddb.NewString(p.Member("city"), ddb.EncS[string])
//		return
//	}
//
//	// encodeAddress stores an Address as the codec does inside an item.
//	func encodeAddress(v Address) (types.AttributeValue, error) { ... }
func (hg *handleGen) nestedDecls(s *tags.Struct) []Code {
	k := codecStructKey(s)
	if !hg.nested[k] {
		return nil
	}
	typ := Qual(s.PkgPath, s.Name)
	enc := []Code{
		doc(fmt.Sprintf("%s stores %s %s as the codec does inside an item.", hg.structEncoder(s), article(s.Name), s.Name)).
			Func().Id(hg.structEncoder(s)).Params(Id("v").Add(typ.Clone())).Params(Qual(pkgTypes, "AttributeValue"), Error()).Block(
			List(Id("m"), Err()).Op(":=").Id("marshal"+hg.g.base(s)).Call(Op("&").Id("v")),
			If(Err().Op("!=").Nil()).Block(Return(Nil(), Err())),
			Return(Id("m"), Nil()),
		),
	}
	if hg.cyclic[k] {
		return enc
	}
	name := hg.structAttrsName(s)
	fields := []Code{Qual(pkgDDB, "Value").Types(typ.Clone())}
	values := []kv{{"Value", Qual(pkgDDB, "NewValue").Call(Id("p"), Id(hg.structEncoder(s)))}}
	for _, f := range s.Fields {
		id := fieldIdent(s, f)
		if id == "Value" {
			id = "Value_" // beside the embedded ddb.Value
		}
		h := hg.handleOf(s, f, Id("p").Dot("Member").Call(Lit(f.Attr)))
		fields = append(fields, Id(id).Add(h.typ).Comment(f.Attr))
		values = append(values, kv{id, h.ctor})
	}
	return append([]Code{
		doc(
			fmt.Sprintf("%s holds the handles of %s %s stored inside an item: the", name, article(s.Name), s.Name),
			"whole value (Set, Eq, Remove, ...) and one handle per field, at its path.",
		).Type().Id(name).Struct(fields...),
		doc(fmt.Sprintf("%s returns the handles of the %s stored at p.", hg.structAttrsAt(s), s.Name)).
			Func().Id(hg.structAttrsAt(s)).Params(Id("p").Qual(pkgDDB, "AttrPath")).Params(Id("a").Id(name)).Block(assignAll(values)...),
	}, enc...)
}

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
//	func newOrderAttributes() (a OrderAttributes) {
//		ddb.InitString(&a.CustomerID, OrderTableName, "customer_id", ddb.EncS[string])
//		ddb.InitNumber(&a.Total, OrderTableName, "total", ddb.EncN[float64])
//		a.Shipping = addressAttributesAt(ddb.TableAttr(OrderTableName, "shipping"))
//		return
//	}
//
// Handles are set in place (one call each) rather than returned and copied:
// that is a third of the function's code, which every build of the package
// compiles.
func attrsDecls(hg *handleGen, t *tags.Table) []Code {
	var fields, body []Code
	for _, f := range t.Struct.Fields {
		h := hg.handleOf(t.Struct, f, tableAttr(t, f))
		id := fieldIdent(t.Struct, f)
		fields = append(fields, Id(id).Add(h.typ).Comment(f.Attr+fieldRole(t, f)))
		if h.kind == "" {
			body = append(body, Id("a").Dot(id).Op("=").Add(h.ctor))
			continue
		}
		args := append([]Code{Op("&").Id("a").Dot(id), Id(typeName(t) + "TableName"), Lit(f.Attr)}, h.args...)
		body = append(body, Qual(pkgDDB, "Init"+h.kind).Call(args...))
	}
	typ := attrsTypeName(t)
	return []Code{
		doc(
			fmt.Sprintf("%s are the typed handles of %s's attributes: conditions, filters,", attrsName(t), typeName(t)),
			"update actions and projections are built from them.",
		).Var().Id(attrsName(t)).Op("=").Id("new" + typ).Call(),
		doc(fmt.Sprintf("%s holds one typed handle per attribute of %s (see %s).", typ, typeName(t), attrsName(t))).
			Type().Id(typ).Struct(fields...),
		Func().Id("new" + typ).Params().Params(Id("a").Id(typ)).Block(append(body, Return())...),
	}
}

// assignAll sets each field of the named result a, then returns it. A
// composite literal of handles compiles to a third more code: each handle
// is copied into a temporary first.
func assignAll(values []kv) []Code {
	out := make([]Code, 0, len(values)+1)
	for _, v := range values {
		out = append(out, Id("a").Dot(v.key).Op("=").Add(v.value))
	}
	return append(out, Return())
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
