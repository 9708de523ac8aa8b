package gen

// The attribute-value map backend of the codec: for every struct of the
// model, plain Go code that builds and reads map[string]types.AttributeValue
// exactly as attributevalue (v1.21.21, default options) does for the same
// struct: the same attribute value for every field, the same handling of
// nil, empty and zero values, of the dynamodbav options and of
// Marshaler/Unmarshaler types. What each field becomes is decided by the
// classification of codec_walk.go; this file emits it.
//
// Generated names, per table struct T of the package:
//
//	func (v *T) MarshalItem() (map[string]types.AttributeValue, error)
//	func (v *T) UnmarshalItem(m map[string]types.AttributeValue) error
//	func marshal<T><Path>(v <field type>) (types.AttributeValue, error) // one per field: fieldEncoderName
//	type <T><Index>Projection struct{...}                                // KEYS_ONLY and INCLUDE indexes: projectionTypeName
//	func (v *<T><Index>Projection) UnmarshalItem(m map[string]types.AttributeValue) error
//
// and per other struct S reached through field types (emitted once per
// package, in the file of the first table that reaches it):
//
//	func marshal<S>(v *S) (*types.AttributeValueMemberM, error)
//	func unmarshal<S>(m map[string]types.AttributeValue, v *S) error
//
// (S of another package is prefixed with that package's name: marshalGeoPoint
// for geo.Point). unmarshal<X>Field (fieldDecoderName) and attrNames<X>
// (attrNamesName) are their helpers, which the JSON backend calls too.
//
// Where attributevalue's result depends on things the schema model does not
// record, the codec behaves as attributevalue does for an item marshalled
// from a pointer (MarshalMap(&v)), whose fields are addressable. Interface
// typed fields and anonymous struct types are handed to attributevalue itself
// (ddb.EncodeFallback/ddb.DecodeFallback): the one reflective path.
//
// Decoding is attributevalue's, with typed errors (*ddb.DecodeError) instead
// of panics on hostile input; where attributevalue accepts nonsense (an M into
// a time.Time, an L of numbers into a []byte) the generated code reports a
// DecodeError instead.

import (
	"fmt"
	"strconv"
	"strings"

	. "github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/tags"
)

// fieldEncoderName names the value encoder of field f of table struct s:
// "marshal" + struct name + the field's selector path joined, e.g.
// marshalOrderCustomerID, or marshalOrderAuditCreatedBy for the promoted
// field Audit.CreatedBy.
func fieldEncoderName(base string, f *tags.Field) string {
	return "marshal" + base + strings.Join(f.Path, "")
}

// fieldDecoderName names the decoder of one attribute of struct base, by
// field number: unmarshalOrderField.
func fieldDecoderName(base string) string { return "unmarshal" + base + "Field" }

// projectionTypeName names the result type of a KEYS_ONLY or INCLUDE index:
// Order + StatusIndex + Projection.
func projectionTypeName(t *tags.Table, ix *tags.Index) string {
	return t.Struct.Name + indexIdent(ix) + "Projection"
}

// itemMethods emits the item codec of a table struct:
//
//	// MarshalItem encodes v as attributevalue.MarshalMap(v) does, without reflection.
//	func (v *Order) MarshalItem() (map[string]types.AttributeValue, error) {
//		sl := new(struct {
//			s    [3]types.AttributeValueMemberS
//			n    [3]types.AttributeValueMemberN
//			text [64]byte
//		})
//		tb := ddb.NewTextBuf(sl.text[:])
//		m := make(map[string]types.AttributeValue, 6)
//		sl.s[0].Value = v.CustomerID
//		m["customer_id"] = &sl.s[0]
//		...
//		sl.n[0].Value = tb.Float(v.Total, 64)
//		m["total"] = &sl.n[0]
//		if err := tb.Check(m); err != nil { // when floats were formatted: NaN or an infinity
//			return nil, err
//		}
//		return m, nil
//	}
//
//	// UnmarshalItem decodes an item as attributevalue.UnmarshalMap(m, v) does, without reflection.
//	func (v *Order) UnmarshalItem(m map[string]types.AttributeValue) error { ...see unmarshalLoop... }
//
// plus unmarshalOrderField and attrNamesOrder (see attrDecoder).
func (g *codecGen) itemMethods(t *tags.Table) []Code {
	s := t.Struct
	n := s.Name
	return append([]Code{
		doc(
			"// MarshalItem encodes v as attributevalue.MarshalMap(v) does, without reflection.",
		).Func().Params(Id("v").Op("*").Id(n)).Id("MarshalItem").Params().
			Params(Map(String()).Qual(pkgTypes, "AttributeValue"), Error()).
			Block(g.marshalBody(s, false)...),
		doc(
			"// UnmarshalItem decodes an item as attributevalue.UnmarshalMap(m, v) does, without",
			"// reflection; problems are reported as *ddb.DecodeError with the attribute's path.",
		).Func().Params(Id("v").Op("*").Id(n)).Id("UnmarshalItem").
			Params(Id("m").Map(String()).Qual(pkgTypes, "AttributeValue")).Error().
			Block(g.unmarshalLoop(g.base(s))...),
	}, g.attrDecoder(s, g.base(s))...)
}

// structFuncs emits the codec of a nested struct:
//
//	// marshalAddress encodes *v as attributevalue.Marshal does, without reflection.
//	func marshalAddress(v *Address) (*types.AttributeValueMemberM, error) {
//		sl := new(struct {
//			s    [2]types.AttributeValueMemberS
//			self types.AttributeValueMemberM
//		})
//		...as MarshalItem...
//		sl.self.Value = m
//		return &sl.self, nil
//	}
//
//	// unmarshalAddress decodes an M's value into an Address as attributevalue.Unmarshal does.
//	func unmarshalAddress(m map[string]types.AttributeValue, v *Address) error { ...as UnmarshalItem... }
func (g *codecGen) structFuncs(s *tags.Struct) []Code {
	b := g.base(s)
	typ := Qual(s.PkgPath, s.Name)
	return append([]Code{
		doc(fmt.Sprintf("// marshal%s encodes *v as attributevalue.Marshal does, without reflection.", b)).
			Func().Id("marshal"+b).Params(Id("v").Op("*").Add(typ)).
			Params(Op("*").Qual(pkgTypes, codecM.goType), Error()).
			Block(g.marshalBody(s, true)...),
		doc(fmt.Sprintf("// unmarshal%s decodes the value of an M into v as attributevalue.Unmarshal does.", b)).
			Func().Id("unmarshal"+b).
			Params(Id("m").Map(String()).Qual(pkgTypes, "AttributeValue"), Id("v").Op("*").Add(Qual(s.PkgPath, s.Name))).Error().
			Block(g.unmarshalLoop(b)...),
	}, g.attrDecoder(s, b)...)
}

// unmarshalLoop is the body of an item decoder: each field's attribute is
// looked up by its exact name; only when the item holds attributes that
// none matches exactly are they matched case-insensitively, as
// attributevalue does:
//
//	found := 0
//	for i, name := range attrNamesOrder {
//		if av, ok := m[name]; ok {
//			found++
//			if err := unmarshalOrderField(v, i, av); err != nil {
//				return ddb.DecodeAt(name, err)
//			}
//		}
//	}
//	if found < len(m) {
//		return ddb.FoldAttrs(m, attrNamesOrder[:], func(i int, av types.AttributeValue) error {
//			return unmarshalOrderField(v, i, av)
//		})
//	}
//	return nil
func (g *codecGen) unmarshalLoop(base string) []Code {
	field := fieldDecoderName(base)
	names := attrNamesName(base)
	return []Code{
		Id("found").Op(":=").Lit(0),
		For(List(Id("i"), Id("name")).Op(":=").Range().Id(names)).Block(
			If(List(Id("av"), Id("ok")).Op(":=").Id("m").Index(Id("name")), Id("ok")).Block(
				Id("found").Op("++"),
				If(Err().Op(":=").Id(field).Call(Id("v"), Id("i"), Id("av")), Err().Op("!=").Nil()).Block(Return(Qual(pkgDDB, "DecodeAt").Call(Id("name"), Err()))),
			),
		),
		If(Id("found").Op("<").Len(Id("m"))).Block(
			Return(Qual(pkgDDB, "FoldAttrs").Call(Id("m"), Id(names).Index(Op(":")),
				Func().Params(Id("i").Int(), Id("av").Qual(pkgTypes, "AttributeValue")).Error().Block(
					Return(Id(field).Call(Id("v"), Id("i"), Id("av"))),
				))),
		),
		Return(Nil()),
	}
}

// attrDecoder emits the decoder of one field of a struct, by field number,
// and the attribute names in field order:
//
//	func unmarshalOrderField(v *Order, i int, av types.AttributeValue) error {
//		switch i {
//		...
//		case 3:
//			return ddb.DecodeFloat(av, &v.Total)
//		case 4:
//			...a list: a loop decoding each element, see dec...
//		}
//		return nil
//	}
//
//	var attrNamesOrder = [...]string{"customer_id", "order_date", "status", "total", ...}
func (g *codecGen) attrDecoder(s *tags.Struct, base string) []Code {
	fn := g.newFn(false)
	var cases []Code
	var names []Code
	fail := func(err Code) Code { return Return(err) } // the caller puts the error at the attribute
	for i, f := range s.Fields {
		if call := codecHelperDecode(f.Type, f.Enc, codecVar("av"), codecField(f)); call != nil {
			cases = append(cases, Case(Lit(i)).Block(Return(call)))
		} else {
			cases = append(cases, Case(Lit(i)).Block(fn.dec(codecVar("av"), codecField(f), f.Type, f.Enc, fail)...))
		}
		names = append(names, Lit(f.Attr))
	}
	var recv Code = Qual(s.PkgPath, s.Name)
	if s.PkgPath == "" {
		recv = Id(s.Name)
	}
	return []Code{
		doc(fmt.Sprintf("// %s decodes the attribute of field number i (in %s) into v.", fieldDecoderName(base), attrNamesName(base))).
			Func().Id(fieldDecoderName(base)).
			Params(Id("v").Op("*").Add(recv), Id("i").Int(), Id("av").Qual(pkgTypes, "AttributeValue")).Error().
			Block(Switch(Id("i")).Block(cases...), Return(Nil())),
		doc(fmt.Sprintf("// %s are %s's attribute names in field order.", attrNamesName(base), s.Name)).
			Var().Id(attrNamesName(base)).Op("=").Index(Op("...")).String().Values(names...),
	}
}

// marshalBody is the body of a struct encoder: one allocation holds the
// attribute values of all top-level fields (and the M of a nested struct)
// and the text of their numbers and times, then each field is encoded into
// the map.
func (g *codecGen) marshalBody(s *tags.Struct, nested bool) []Code {
	return g.marshalBodyCap(s, nested, 0)
}

// marshalBodyCap is marshalBody with room in the map for extra attributes
// (an entity's key and type attributes).
func (g *codecGen) marshalBodyCap(s *tags.Struct, nested bool, extra int) []Code {
	fn := g.newFn(true)
	var body []Code
	for _, f := range s.Fields {
		attr := f.Attr
		put := func(av Code) []Code { return []Code{Id("m").Index(Lit(attr)).Op("=").Add(av)} }
		fail := func(err Code) Code { return Return(Nil(), Qual(pkgDDB, "EncodeAt").Call(Lit(attr), err)) }
		body = append(body, fn.enc(codecField(f), f.Type, f.Enc, put, fail)...)
	}
	var pre []Code
	var slotFields []Code
	for _, m := range codecSlotMembers {
		if c := fn.slotN[m.slot]; c > 0 {
			slotFields = append(slotFields, Id(m.slot).Index(Lit(c)).Qual(pkgTypes, m.goType))
		}
	}
	textInSlots := fn.textUsed && fn.textSize > 0 && len(slotFields) > 0
	if textInSlots {
		size := fn.textSize
		if size > 1024 {
			size = 1024
		}
		slotFields = append(slotFields, Id("text").Index(Lit(size)).Byte())
	}
	if nested {
		slotFields = append(slotFields, Id("self").Qual(pkgTypes, codecM.goType))
	}
	if len(slotFields) > 0 {
		pre = append(pre, Id("sl").Op(":=").New(Struct(slotFields...)))
	}
	if textInSlots {
		pre = append(pre, Id("tb").Op(":=").Qual(pkgDDB, "NewTextBuf").Call(Id("sl").Dot("text").Index(Op(":"))))
	} else if fn.textUsed {
		pre = append(pre, Var().Id("tb").Qual(pkgDDB, "TextBuf"))
	}
	pre = append(pre, Id("m").Op(":=").Make(Map(String()).Qual(pkgTypes, "AttributeValue"), Lit(len(s.Fields)+extra)))
	body = append(pre, body...)
	if fn.floats {
		// DynamoDB refuses NaN and infinities, which the text buffer notes.
		body = append(body, If(Err().Op(":=").Id("tb").Dot("Check").Call(Id("m")), Err().Op("!=").Nil()).Block(Return(Nil(), Err())))
	}
	if nested {
		return append(body, Id("sl").Dot("self").Dot("Value").Op("=").Id("m"), Return(Op("&").Id("sl").Dot("self"), Nil()))
	}
	return append(body, Return(Id("m"), Nil()))
}

// fieldEncoder emits the value encoder of one table field, for keys,
// conditions and updates:
//
//	// marshalOrderTotal encodes Order.Total as MarshalItem stores attribute "total";
//	// it returns nil when MarshalItem omits the attribute (omitempty on a zero value).
//	func marshalOrderTotal(v float64) (types.AttributeValue, error) {
//		...encodeToAV...
//		return av, nil
//	}
//
// A field whose type contains an anonymous struct takes v as any and is
// encoded by attributevalue.
func (g *codecGen) fieldEncoder(s *tags.Struct, f *tags.Field) Code {
	name := fieldEncoderName(g.base(s), f)
	attr := f.Attr
	fail := func(err Code) Code { return Return(Nil(), Qual(pkgDDB, "EncodeAt").Call(Lit(attr), err)) }
	var param Code = typeCode(f.Type)
	if codecHasAnon(f.Type) {
		param = Any()
	}
	body := append(g.encodeToAV(codecVar("v"), f.Type, f.Enc, fail), Return(Id("av"), Nil()))
	return doc(
		fmt.Sprintf("// %s encodes %s.%s as MarshalItem stores attribute %q;", name, s.Name, strings.Join(f.Path, "."), f.Attr),
		"// it returns nil when MarshalItem omits the attribute.",
	).Func().Id(name).Params(Id("v").Add(param)).Params(Qual(pkgTypes, "AttributeValue"), Error()).Block(body...)
}

// encodeToAV emits the encoding of x (of type t, options o) into a new
// variable av, left nil when the value is omitted; a float's NaN or
// infinity, which DynamoDB refuses, is an error. It is the body of a field
// encoder, and how the JSON backend writes a value it has no direct writer
// for:
//
//	var av types.AttributeValue
//	av = &types.AttributeValueMemberN{Value: strconv.FormatFloat(v, 'f', -1, 64)}
//	if err := ddb.CheckNumbers(av); err != nil { // when floats were formatted
//		return nil, ddb.EncodeAt("total", err)
//	}
func (g *codecGen) encodeToAV(x codecExpr, t *tags.Type, o tags.Encoding, fail codecFail) []Code {
	fn := g.newFn(false)
	put := func(av Code) []Code { return []Code{Id("av").Op("=").Add(av)} }
	body := []Code{Var().Id("av").Qual(pkgTypes, "AttributeValue")}
	body = append(body, fn.enc(x, t, o, put, fail)...)
	if fn.floats {
		body = append(body, If(Err().Op(":=").Qual(pkgDDB, "CheckNumbers").Call(Id("av")), Err().Op("!=").Nil()).Block(fail(Err())))
	}
	return body
}

// projection emits the result type of a KEYS_ONLY or INCLUDE index: the
// table's key attributes, the index's keys and the included attributes, with
// the table struct's Go types and dynamodbav tags, and its decoder, which is
// the table's (so a projection decodes exactly as the model does):
//
//	// OrderStatusIndexProjection is what index "status-index" (INCLUDE total) holds of each Order item.
//	type OrderStatusIndexProjection struct {
//		CustomerID string  `dynamodbav:"customer_id"`
//		OrderDate  string  `dynamodbav:"order_date"`
//		Status     string  `dynamodbav:"status"`
//		Total      float64 `dynamodbav:"total"`
//	}
//
//	// UnmarshalItem decodes an item of the index with Order's codec.
//	func (v *OrderStatusIndexProjection) UnmarshalItem(m map[string]types.AttributeValue) error {
//		o := Order{CustomerID: v.CustomerID, OrderDate: v.OrderDate, Status: v.Status, Total: v.Total}
//		if err := o.UnmarshalItem(m); err != nil {
//			return err
//		}
//		*v = OrderStatusIndexProjection{CustomerID: o.CustomerID, OrderDate: o.OrderDate, Status: o.Status, Total: o.Total}
//		return nil
//	}
func (g *codecGen) projection(t *tags.Table, ix *tags.Index) []Code {
	name := projectionTypeName(t, ix)
	ps := codecProjectionStruct(t, ix, g.pkg.Path, name)
	var fields []Code
	var toModel, fromModel []kv
	for i, f := range ps.Fields {
		fields = append(fields, Id(f.GoName()).Add(typeCode(f.Type)).Tag(map[string]string{"dynamodbav": codecTag(f)}))
		orig := ps.origin[i]
		fromModel = append(fromModel, kv{f.GoName(), fieldSel(Id("o"), orig)})
		if len(orig.Path) == 1 {
			toModel = append(toModel, kv{orig.GoName(), Id("v").Dot(f.GoName())})
		}
	}
	what := string(ix.Projection.Type)
	if ix.Projection.Type == tags.ProjectInclude {
		what += " " + strings.Join(ix.Projection.NonKey, ", ")
	}
	// Fields of embedded structs are set after the literal: a composite
	// literal cannot name promoted fields.
	init := []Code{Id("o").Op(":=").Add(literal(modelType(t), toModel...))}
	for i, f := range ps.Fields {
		if orig := ps.origin[i]; len(orig.Path) > 1 {
			init = append(init, fieldSel(Id("o"), orig).Op("=").Id("v").Dot(f.GoName()))
		}
	}
	body := append(init,
		If(Err().Op(":=").Id("o").Dot("UnmarshalItem").Call(Id("m")), Err().Op("!=").Nil()).Block(Return(Err())),
		Op("*").Id("v").Op("=").Add(literal(Id(name), fromModel...)),
		Return(Nil()),
	)
	return []Code{
		doc(fmt.Sprintf("// %s is what index %q (%s) holds of each %s item.", name, ix.Name, what, t.Struct.Name)).
			Type().Id(name).Struct(fields...),
		doc(fmt.Sprintf("// UnmarshalItem decodes an item of the index with %s's codec.", t.Struct.Name)).
			Func().Params(Id("v").Op("*").Id(name)).Id("UnmarshalItem").
			Params(Id("m").Map(String()).Qual(pkgTypes, "AttributeValue")).Error().
			Block(body...),
	}
}

// codecProjectionStruct is the model of a projection type: the table's fields
// that the index holds, in declaration order, each a direct field of the new
// type (named by its Go name, or its joined path when two share a name).
func codecProjectionStruct(t *tags.Table, ix *tags.Index, pkgPath, name string) projectionStruct {
	want := map[*tags.Field]bool{}
	for _, k := range []*tags.Key{t.PK, t.SK, ix.PK, ix.SK} {
		if k != nil {
			want[k.Field] = true
		}
	}
	if ix.Projection.Type == tags.ProjectInclude {
		attrs := map[string]bool{}
		for _, a := range ix.Projection.NonKey {
			attrs[a] = true
		}
		for _, f := range t.Struct.Fields {
			if attrs[f.Attr] {
				want[f] = true
			}
		}
	}
	count := map[string]int{}
	for _, f := range t.Struct.Fields {
		if want[f] {
			count[f.GoName()]++
		}
	}
	ps := projectionStruct{Struct: &tags.Struct{Pos: ix.Pos, Name: name, PkgPath: pkgPath}}
	for _, f := range t.Struct.Fields {
		if !want[f] {
			continue
		}
		goName := f.GoName()
		if count[goName] > 1 {
			goName = strings.Join(f.Path, "")
		}
		nf := *f
		nf.Path = []string{goName}
		ps.Fields = append(ps.Fields, &nf)
		ps.origin = append(ps.origin, f)
	}
	return ps
}

// projectionStruct is a projection type's model and, per field, the table
// struct's field it is a copy of.
type projectionStruct struct {
	*tags.Struct
	origin []*tags.Field
}

// ---------------------------------------------------------------------------
// Per-function emission state.

// codecFn is the state of one generated function: fresh variable names, and
// for struct encoders the shared allocation of attribute values ("slots") and
// the text buffer of numbers and times.
type codecFn struct {
	g        *codecGen
	n        int
	slots    bool
	slotN    map[string]int
	textUsed bool
	textSize int
	floats   bool            // a float is formatted as text: NaN and infinities must be refused
	depth    int             // nesting of loops around the code being emitted
	loop     *codecLoopSlot  // per-element attribute value array of the innermost list
	inlining map[string]bool // structs being encoded in place (recursive types are not)
}

// codecLoopSlot is an array of attribute values allocated once for a list
// whose elements are all of one member type.
type codecLoopSlot struct {
	m        codecMember
	arr, idx string
}

// loopSlot prepares the element array of a list or map loop over x whose
// elements of type elem all encode as one member type; idx indexes it.
func (fn *codecFn) loopSlot(x codecExpr, elem *tags.Type, idx string) []Code {
	fn.loop = nil
	m := codecListMember(elem)
	if m == nil {
		return nil
	}
	arr := fn.tmp("a")
	fn.loop = &codecLoopSlot{m: *m, arr: arr, idx: idx}
	return []Code{Id(arr).Op(":=").Make(Index().Qual(pkgTypes, m.goType), Len(x.val()))}
}

func (g *codecGen) newFn(slots bool) *codecFn {
	return &codecFn{g: g, slots: slots, slotN: map[string]int{}, inlining: map[string]bool{}}
}

func (fn *codecFn) tmp(prefix string) string {
	fn.n++
	return prefix + strconv.Itoa(fn.n)
}

// codecPut stores an attribute value.
type codecPut func(av Code) []Code

// codecSlotMembers are the member types a struct encoder allocates with the
// item, in the order of its slot arrays.
var codecSlotMembers = []codecMember{codecS, codecN, codecB, codecBOOL, codecNULL, codecL, codecM, codecSS, codecNS, codecBS}

// slot returns where the next attribute value of member type m goes without
// an allocation of its own: the element array of the innermost list or map,
// or the function's slots for a top-level field; nil when it needs its own.
func (fn *codecFn) slot(m codecMember) func() *Statement {
	if fn.loop != nil && fn.loop.m == m {
		arr, idx := fn.loop.arr, fn.loop.idx
		return func() *Statement { return Id(arr).Index(Id(idx)) }
	}
	if fn.slots && fn.depth == 0 {
		i := fn.slotN[m.slot]
		fn.slotN[m.slot]++
		return func() *Statement { return Id("sl").Dot(m.slot).Index(Lit(i)) }
	}
	return nil
}

// member emits the statements that build an attribute value of member type m
// holding value, and put it:
//
//	m["version"] = ddb.PutN(&sl.n[2], tb.Int(v.Version))
func (fn *codecFn) member(m codecMember, value Code, put codecPut) []Code {
	if at := fn.slot(m); at != nil {
		return put(Qual(pkgDDB, "Put"+m.name).Call(Op("&").Add(at()), value))
	}
	return put(Op("&").Qual(pkgTypes, m.goType).Values(Dict{Id("Value"): value}))
}

func (fn *codecFn) null(put codecPut) []Code { return fn.member(codecNULL, True(), put) }

// text formats a number or time: through the function's ddb.TextBuf in struct
// encoders, with strconv or time directly in value encoders.
func (fn *codecFn) text(method string, width int, v Code, args ...Code) Code {
	if method == "Float" {
		fn.floats = true
	}
	if fn.slots {
		fn.textUsed = true
		if fn.depth == 0 {
			fn.textSize += width
		}
		return Id("tb").Dot(method).Call(append([]Code{v}, args...)...)
	}
	switch method {
	case "Int":
		return Qual(codecPkgStrconv, "FormatInt").Call(v, Lit(10))
	case "Uint":
		return Qual(codecPkgStrconv, "FormatUint").Call(v, Lit(10))
	case "Float":
		return Qual(codecPkgStrconv, "FormatFloat").Call(v, LitRune('f'), Lit(-1), args[0])
	}
	return Add(v).Dot("Format").Call(Qual(codecPkgTime, "RFC3339Nano"))
}

// codecWidth estimates the text length of a number of type t, to size the
// text buffer allocated with the item.
func codecWidth(t *tags.Type) int {
	switch t.Kind {
	case tags.KindFloat:
		if t.Basic == "float32" {
			return 16
		}
		return 24
	case tags.KindTime:
		return 36
	}
	switch codecBits(t) {
	case 8:
		return 4
	case 16:
		return 6
	case 32:
		return 11
	}
	return 20
}

// ---------------------------------------------------------------------------
// Encoding.

// enc emits the statements that encode x, of type t with options o, as
// attributevalue's encode does, and put the attribute value; nothing is put
// when the value is omitted. First the zero value rules (codecZeroRuleOf):
//
//	if v.Note != "" { ...encode... }                               // omitempty
//	if v.Tags == nil { m["tags"] = NULL } else { ...encode... }    // nil slices, maps, pointers
func (fn *codecFn) enc(x codecExpr, t *tags.Type, o tags.Encoding, put codecPut, fail codecFail) []Code {
	if codecNeedsFallback(t) {
		return fn.encFallback(x, o, put, fail)
	}
	zero, nonZero, _ := codecZero(x, t)
	switch codecZeroRuleOf(t, o) {
	case zeroConflict:
		return append([]Code{If(zero).Block(fail(codecErr(codecZeroConflict)))}, fn.encValue(x, t, o, put, fail)...)
	case zeroOmitted:
		return []Code{If(nonZero).Block(fn.encValue(x, t, o, put, fail)...)}
	case zeroNull:
		return []Code{If(zero).Block(fn.null(put)...).Else().Block(fn.encValue(x, t, o, put, fail)...)}
	}
	return fn.encValue(x, t, o, put, fail)
}

// encFallback hands a value to attributevalue, with the field's options:
//
//	av3, err := ddb.EncodeFallback(&v.Extra, ",omitempty")
//	if err != nil {
//		return nil, ddb.EncodeAt("extra", err)
//	}
//	if av3 != nil {
//		m["extra"] = av3
//	}
func (fn *codecFn) encFallback(x codecExpr, o tags.Encoding, put codecPut, fail codecFail) []Code {
	av := fn.tmp("av")
	fallbackCall := List(Id(av), Err()).Op(":=").Qual(pkgDDB, "EncodeFallback").Call(x.addr(), Lit(codecOpts(o)))
	if x.noAddr {
		fallbackCall = List(Id(av), Err()).Op(":=").Qual(pkgDDB, "EncodeValueFallback").Call(x.val(), Lit(codecOpts(o)))
	}
	return []Code{
		fallbackCall,
		If(Err().Op("!=").Nil()).Block(fail(Err())),
		If(Id(av).Op("!=").Nil()).Block(put(Id(av))...),
	}
}

// encValue encodes a value that is not omitted by the zero rules: through one
// pointer (a nil inner pointer of a pointer to a pointer is NULL), by the
// type's MarshalDynamoDBAttributeValue method, or by its shape.
//
//	if (*v.PP) == nil {
//		m["pp"] = NULL
//	} else {
//		...encode (*(*v.PP))...
//	}
//
// A map element whose type has the method only on its pointer is encoded
// by attributevalue instead, as attributevalue never calls it there:
//
//	if ddb.IsValueMarshaler[Tally]() { ...method... } else { ...ddb.EncodeValueFallback(e3, "")... }
func (fn *codecFn) encValue(x codecExpr, t *tags.Type, o tags.Encoding, put codecPut, fail codecFail) []Code {
	if t.Kind != tags.KindPtr {
		if t.Marshaler && x.noAddr {
			// A map element: only a value-receiver method is called on it.
			return []Code{If(Qual(pkgDDB, "IsValueMarshaler").Types(typeCode(t)).Call()).Block(
				fn.encMarshaler(x, o, put, fail)...,
			).Else().Block(fn.encFallback(x, o, put, fail)...)}
		}
		if t.Marshaler {
			return fn.encMarshaler(x, o, put, fail)
		}
		return fn.encShape(x, t, o, put, fail)
	}
	e, te := x.deref(), t.Elem
	if te.Kind == tags.KindPtr {
		var inner []Code
		if te.Elem.Marshaler {
			inner = fn.encMarshaler(e.deref(), o, put, fail)
		} else {
			inner = fn.enc(e.deref(), te.Elem, o, put, fail)
		}
		var isNil []Code
		if !(o.OmitEmpty && o.OmitEmptyElem) {
			isNil = fn.null(put)
		}
		return []Code{If(e.val().Op("==").Nil()).Block(isNil...).Else().Block(inner...)}
	}
	if te.Marshaler {
		return fn.encMarshaler(e, o, put, fail)
	}
	return fn.encShape(e, te, o, put, fail)
}

// encMarshaler calls the value's own method; a nil result falls through to
// attributevalue's encoding of the value, as attributevalue does:
//
//	av2, err := v.Money.MarshalDynamoDBAttributeValue()
//	if err != nil {
//		return nil, ddb.EncodeAt("price", err)
//	}
//	if av2 != nil {
//		m["price"] = av2
//	} else { ...ddb.EncodeFallback(&v.Money, "")... }
func (fn *codecFn) encMarshaler(x codecExpr, o tags.Encoding, put codecPut, fail codecFail) []Code {
	av := fn.tmp("av")
	return []Code{
		List(Id(av), Err()).Op(":=").Add(x.val()).Dot("MarshalDynamoDBAttributeValue").Call(),
		If(Err().Op("!=").Nil()).Block(fail(Err())),
		If(Id(av).Op("!=").Nil()).Block(put(Id(av))...).Else().Block(fn.encFallback(x, o, put, fail)...),
	}
}

// encShape encodes a non-pointer value by its kind: a scalar as
// codecScalarOf classifies it, structs, maps, lists and sets by their own
// emitters.
//
//	sl.s[0].Value = v.CustomerID                   // string
//	sl.n[0].Value = tb.Float(v.Total, 64)          // number; an S with the string option
//	sl.s[1].Value = tb.Time(v.CreatedAt)           // time.Time: RFC 3339 with nanoseconds
//	sl.n[1].Value = tb.Int(v.ExpiresAt.Unix())     // time.Time with unixtime
//	sl.b[0].Value = append([]byte{}, v.Payload...) // []byte: a copy
func (fn *codecFn) encShape(x codecExpr, t *tags.Type, o tags.Encoding, put codecPut, fail codecFail) []Code {
	switch sc := codecScalarOf(t, o); sc.kind {
	case scalarBool, scalarString, scalarNumberText:
		return fn.member(sc.member, codecConv(x, t, sc.basic), put)
	case scalarInt:
		return fn.member(sc.member, fn.text("Int", codecWidth(t), codecConv(x, t, sc.basic)), put)
	case scalarUint:
		return fn.member(sc.member, fn.text("Uint", codecWidth(t), codecConv(x, t, sc.basic)), put)
	case scalarFloat:
		return fn.member(sc.member, fn.text("Float", codecWidth(t), codecConv(x, t, sc.basic), Lit(codecBits(t))), put)
	case scalarSkipped:
		return nil
	case scalarBytes:
		return fn.member(sc.member, fn.bytesCopy(x.val(), t.Elem), put)
	case scalarByteArray:
		return fn.member(sc.member, fn.bytesCopy(x.val().Index(Op(":")), elemIfNamed(t.Elem)), put)
	case scalarTime:
		return fn.member(sc.member, fn.text("Time", codecWidth(t), codecToTime(x, t)), put)
	case scalarUnixTime:
		return fn.member(sc.member, fn.text("Int", 20, codecToTime(x, t).Dot("Unix").Call()), put)
	}
	switch t.Kind {
	case tags.KindStruct:
		return fn.encStruct(x, t, put, fail)
	case tags.KindMap:
		return fn.encMap(x, t, o, put, fail)
	case tags.KindSlice, tags.KindArray:
		return fn.encList(x, t, o, put, fail)
	}
	return fn.encFallback(x, o, put, fail)
}

// bytesCopy copies a byte slice as attributevalue does (never nil); struct
// encoders copy into their text buffer.
func (fn *codecFn) bytesCopy(b *Statement, elem *tags.Type) Code {
	if elem != nil && elem.Name != "" {
		return Qual(pkgDDB, "BytesOf").Call(b)
	}
	if fn.slots {
		fn.textUsed = true
		return Id("tb").Dot("Bytes").Call(b)
	}
	return Append(Index().Byte().Values(), b.Op("..."))
}

// encStruct encodes a nested struct as an M; a table struct by its
// MarshalItem, any other by its marshal function, which returns the M:
//
//	m1, err := marshalAddress(&v.Home)
//	if err != nil {
//		return nil, ddb.EncodeAt("home", err)
//	}
//	m["home"] = m1
func (fn *codecFn) encStruct(x codecExpr, t *tags.Type, put codecPut, fail codecFail) []Code {
	mv := fn.tmp("m")
	if fn.g.isTable(t.Struct) {
		return append([]Code{
			List(Id(mv), Err()).Op(":=").Add(x.val()).Dot("MarshalItem").Call(),
			If(Err().Op("!=").Nil()).Block(fail(Err())),
		}, fn.member(codecM, Id(mv), put)...)
	}
	key := codecStructKey(t.Struct)
	if fn.slots && fn.depth == 0 && !fn.inlining[key] {
		// A struct field outside loops is encoded in place: its attribute
		// values share the function's slots.
		fn.inlining[key] = true
		defer delete(fn.inlining, key)
		stmts := []Code{Id(mv).Op(":=").Make(Map(String()).Qual(pkgTypes, "AttributeValue"), Lit(len(t.Struct.Fields)))}
		for _, f := range t.Struct.Fields {
			attr, path := f.Attr, f.Path
			fx := codecExpr{val: func() *Statement {
				s := x.val()
				for _, p := range path {
					s = s.Dot(p)
				}
				return s
			}}
			stmts = append(stmts, fn.enc(fx, f.Type, f.Enc,
				func(av Code) []Code { return []Code{Id(mv).Index(Lit(attr)).Op("=").Add(av)} },
				func(err Code) Code { return fail(Qual(pkgDDB, "EncodeAt").Call(Lit(attr), err)) },
			)...)
		}
		return append(stmts, fn.member(codecM, Id(mv), put)...)
	}
	return append([]Code{
		List(Id(mv), Err()).Op(":=").Id("marshal" + fn.g.base(t.Struct)).Call(x.addr()),
		If(Err().Op("!=").Nil()).Block(fail(Err())),
	}, put(Id(mv))...)
}

// encMap encodes a map as an M whose names are the keys as attributevalue
// formats them (fmt.Sprint rules; an empty name is an error):
//
//	m2 := make(map[string]types.AttributeValue, len(v.Attrs))
//	for k3, e3 := range v.Attrs {
//		if k3 == "" {
//			return nil, ddb.EncodeAt("attrs", ddb.EncodeFailed("map key cannot be empty"))
//		}
//		m2[k3] = &types.AttributeValueMemberS{Value: e3}
//	}
//	m["attrs"] = &types.AttributeValueMemberM{Value: m2}
func (fn *codecFn) encMap(x codecExpr, t *tags.Type, o tags.Encoding, put codecPut, fail codecFail) []Code {
	mv, k, e := fn.tmp("m"), fn.tmp("k"), fn.tmp("e")
	var body []Code
	key := Id(k)
	kt := t.Key
	switch {
	case kt.Name != "":
		ks := fn.tmp("ks")
		helper, args := "MapKeyBool", []Code{Id(k)}
		switch kt.Kind {
		case tags.KindString:
			helper = "MapKeyString"
		case tags.KindInt:
			helper = "MapKeyInt"
		case tags.KindUint:
			helper = "MapKeyUint"
		case tags.KindFloat:
			helper, args = "MapKeyFloat", append(args, Lit(codecBits(kt)))
		}
		body = append(body,
			List(Id(ks), Err()).Op(":=").Qual(pkgDDB, helper).Call(args...),
			If(Err().Op("!=").Nil()).Block(fail(Err())),
			If(Id(ks).Op("==").Lit("")).Block(fail(codecErr("map key cannot be empty"))),
		)
		key = Id(ks)
	case kt.Kind == tags.KindString:
		body = append(body, If(Id(k).Op("==").Lit("")).Block(fail(codecErr("map key cannot be empty"))))
	default:
		ks := fn.tmp("ks")
		kx := codecVar(k)
		var text Code
		switch kt.Kind {
		case tags.KindInt:
			text = Qual(codecPkgStrconv, "FormatInt").Call(codecConv(kx, kt, "int64"), Lit(10))
		case tags.KindUint:
			text = Qual(codecPkgStrconv, "FormatUint").Call(codecConv(kx, kt, "uint64"), Lit(10))
		case tags.KindFloat:
			text = Qual(codecPkgStrconv, "FormatFloat").Call(codecConv(kx, kt, "float64"), LitRune('g'), Lit(-1), Lit(codecBits(kt)))
		default:
			text = Qual(codecPkgStrconv, "FormatBool").Call(Id(k))
		}
		body = append(body, Id(ks).Op(":=").Add(text))
		key = Id(ks)
	}
	keyName := func() *Statement { return Add(key) }
	savedLoop := fn.loop
	j := fn.tmp("j")
	pre := []Code{Id(mv).Op(":=").Make(Map(String()).Qual(pkgTypes, "AttributeValue"), Len(x.val()))}
	slotPre := fn.loopSlot(x, t.Elem, j)
	if slotPre != nil {
		pre = append(pre, slotPre...)
		pre = append(pre, Id(j).Op(":=").Lit(0))
	}
	fn.depth++
	elem := codecVar(e)
	elem.noAddr = true
	body = append(body, fn.enc(elem, t.Elem, codecElemOpts(o),
		func(av Code) []Code { return []Code{Id(mv).Index(keyName()).Op("=").Add(av)} },
		func(err Code) Code { return fail(Qual(pkgDDB, "EncodeAt").Call(keyName(), err)) },
	)...)
	fn.depth--
	if slotPre != nil {
		body = append(body, Id(j).Op("++"))
	}
	fn.loop = savedLoop
	return append(append(pre,
		For(List(Id(k), Id(e)).Op(":=").Range().Add(x.val())).Block(body...),
	), fn.member(codecM, Id(mv), put)...)
}

// encList encodes a slice or array (a byte array is a scalar: encShape):
// sets as SS, NS or BS (empty sets are NULL), everything else as an L:
//
//	l4 := make([]types.AttributeValue, 0, len(v.Lines))
//	for i5 := range v.Lines {
//		m6, err := marshalLine(&v.Lines[i5])
//		...
//		l4 = append(l4, &types.AttributeValueMemberM{Value: m6})
//	}
//	m["lines"] = &types.AttributeValueMemberL{Value: l4}
func (fn *codecFn) encList(x codecExpr, t *tags.Type, o tags.Encoding, put codecPut, fail codecFail) []Code {
	elem := t.Elem
	i := fn.tmp("i")
	savedLoop := fn.loop
	defer func() { fn.loop = savedLoop }()
	if set := codecSetOf(t, o); set != nil {
		vals := fn.tmp("set")
		valType := Index().String()
		if *set == codecBS {
			valType = Index().Index().Byte()
		}
		fn.loop = nil
		fn.depth++
		body := fn.encSetElem(x.index(i), elem, codecElemOpts(o), *set, vals,
			func(err Code) Code { return fail(Qual(pkgDDB, "EncodeAtIndex").Call(Id(i), err)) })
		fn.depth--
		stmts := []Code{
			Id(vals).Op(":=").Make(valType, Lit(0), Len(x.val())),
			For(Id(i).Op(":=").Range().Add(x.val())).Block(body...),
		}
		fn.loop = savedLoop
		stmts = append(stmts, fn.member(*set, Id(vals), put)...)
		if t.Kind == tags.KindArray {
			return stmts
		}
		return []Code{If(Len(x.val()).Op("==").Lit(0)).Block(fn.null(put)...).Else().Block(stmts...)}
	}
	l := fn.tmp("l")
	stmts := []Code{Id(l).Op(":=").Make(Index().Qual(pkgTypes, "AttributeValue"), Lit(0), Len(x.val()))}
	stmts = append(stmts, fn.loopSlot(x, elem, i)...)
	fn.depth++
	body := fn.enc(x.index(i), elem, codecElemOpts(o),
		func(av Code) []Code { return []Code{Id(l).Op("=").Append(Id(l), av)} },
		func(err Code) Code { return fail(Qual(pkgDDB, "EncodeAtIndex").Call(Id(i), err)) })
	fn.depth--
	stmts = append(stmts, For(Id(i).Op(":=").Range().Add(x.val())).Block(body...))
	fn.loop = savedLoop
	return append(stmts, fn.member(codecL, Id(l), put)...)
}

func elemIfNamed(e *tags.Type) *tags.Type {
	if e != nil && e.Name != "" {
		return e
	}
	return nil
}

// encSetElem appends one set element to vals. Plain strings, numbers and
// byte slices are appended directly; anything else is encoded and must give
// the set's scalar type, as attributevalue requires:
//
//	set7 = append(set7, tb.Int(int64(v.Scores[i8])))
func (fn *codecFn) encSetElem(x codecExpr, elem *tags.Type, eo tags.Encoding, set codecMember, vals string, fail codecFail) []Code {
	var value Code
	var what string
	switch set {
	case codecSS:
		what = "string set must only contain non-nil strings"
		if elem.Kind == tags.KindString && !codecNumberString(elem) && !elem.Marshaler {
			value = codecConv(x, elem, "string")
		}
	case codecNS:
		what = "number set must only contain non-nil string numbers"
		if !elem.Marshaler {
			switch {
			case codecNumberString(elem):
				value = codecConv(x, elem, "string")
			case elem.Kind == tags.KindInt:
				value = fn.text("Int", 0, codecConv(x, elem, "int64"))
			case elem.Kind == tags.KindUint && !codecIsUintptr(elem):
				value = fn.text("Uint", 0, codecConv(x, elem, "uint64"))
			case elem.Kind == tags.KindFloat:
				value = fn.text("Float", 0, codecConv(x, elem, "float64"), Lit(codecBits(elem)))
			}
		}
	case codecBS:
		what = "binary set must only contain non-nil byte slices"
		if elem.Kind == tags.KindBytes && !elem.Marshaler {
			value = fn.bytesCopy(x.val(), elem.Elem)
		}
	}
	if value == nil {
		// The general path: encode the element, then check what it became.
		a, s, ok := fn.tmp("a"), fn.tmp("s"), fn.tmp("ok")
		return fn.enc(x, elem, eo, func(av Code) []Code {
			cond := Op("!").Id(ok).Op("||").Id(s).Op("==").Nil()
			if set == codecBS {
				cond = cond.Op("||").Id(s).Dot("Value").Op("==").Nil()
			}
			single := codecSetElem(set)
			return []Code{
				Var().Id(a).Qual(pkgTypes, "AttributeValue").Op("=").Add(av),
				List(Id(s), Id(ok)).Op(":=").Id(a).Assert(Op("*").Qual(pkgTypes, single.goType)),
				If(cond).Block(fail(codecErr(what))),
				Id(vals).Op("=").Append(Id(vals), Id(s).Dot("Value")),
			}
		}, fail)
	}
	add := Id(vals).Op("=").Append(Id(vals), value)
	zero, nonZero, _ := codecZero(x, elem)
	switch codecZeroRuleOf(elem, eo) {
	case zeroConflict:
		return []Code{If(zero).Block(fail(codecErr(codecZeroConflict))), add}
	case zeroOmitted:
		return []Code{If(nonZero).Block(add)}
	case zeroNull:
		// The element would be NULL, which no set may hold.
		return []Code{If(zero).Block(fail(codecErr(what))), add}
	}
	return []Code{add}
}

// ---------------------------------------------------------------------------
// Decoding.

// dec emits the statements that decode the attribute value av into x (of
// type t, options o) as attributevalue's decode does: NULL (or a missing
// value) zeroes x, except that an Unmarshaler receives it; pointers are
// allocated when nil; then the value is read by its member type.
//
//	if ddb.IsNull(av) {
//		v.Work = nil
//	} else {
//		...decNonNull...
//	}
func (fn *codecFn) dec(av codecExpr, x codecExpr, t *tags.Type, o tags.Encoding, fail codecFail) []Code {
	if call := codecHelperDecode(t, o, av, x); call != nil {
		return []Code{If(Err().Op(":=").Add(call), Err().Op("!=").Nil()).Block(fail(Err()))}
	}
	if codecNeedsFallback(t) {
		return []Code{If(Err().Op(":=").Qual(pkgDDB, "DecodeFallback").Call(av.val(), x.addr(), Lit(codecOpts(o))), Err().Op("!=").Nil()).Block(fail(Err()))}
	}
	switch {
	case t.Kind == tags.KindPtr:
		return []Code{If(Qual(pkgDDB, "IsNull").Call(av.val())).Block(x.val().Op("=").Nil()).Else().Block(fn.decNonNull(av, x, t, o, fail)...)}
	case t.Unmarshaler:
		return fn.decUnmarshaler(av, x, fail)
	}
	return fn.decShape(av, x, t, o, fail, true)
}

// decNonNull decodes a value that is not NULL, allocating pointers on the way:
//
//	if v.Note == nil {
//		v.Note = new(string)
//	}
//	...decode into (*v.Note)...
func (fn *codecFn) decNonNull(av codecExpr, x codecExpr, t *tags.Type, o tags.Encoding, fail codecFail) []Code {
	if t.Kind == tags.KindPtr {
		return append([]Code{
			If(x.val().Op("==").Nil()).Block(x.val().Op("=").New(typeCode(t.Elem))),
		}, fn.decNonNull(av, x.deref(), t.Elem, o, fail)...)
	}
	if t.Unmarshaler {
		return fn.decUnmarshaler(av, x, fail)
	}
	if call := codecHelperDecode(t, o, av, x); call != nil {
		return []Code{If(Err().Op(":=").Add(call), Err().Op("!=").Nil()).Block(fail(Err()))}
	}
	return fn.decShape(av, x, t, o, fail, false)
}

// codecHelperDecode is the call of the runtime/ddb helper that decodes av
// into x (of type t, options o) as decShape would (codecDecoderOf), or nil
// when there is none:
//
//	ddb.DecodeFloat[float64](av, &v.Total)
//	ddb.DecodeStrings(av, &v.Items)
//	ddb.DecodeStringMap(av, &v.Meta)
func codecHelperDecode(t *tags.Type, o tags.Encoding, av, x codecExpr) *Statement {
	d := codecDecoderOf(t, o)
	if d.name == "" {
		return nil
	}
	call := Qual(pkgDDB, d.name)
	if d.typed {
		call = call.Types(typeCode(t))
	}
	return call.Call(av.val(), x.addr())
}

// decUnmarshaler lets the type decode itself:
//
//	if err := v.Price.UnmarshalDynamoDBAttributeValue(av); err != nil {
//		return ddb.DecodeAt("price", err)
//	}
func (fn *codecFn) decUnmarshaler(av, x codecExpr, fail codecFail) []Code {
	return []Code{If(Err().Op(":=").Add(x.val()).Dot("UnmarshalDynamoDBAttributeValue").Call(av.val()), Err().Op("!=").Nil()).Block(fail(Err()))}
}

// decShape decodes by member type; only the members the Go type accepts
// have a case, anything else is a *ddb.DecodeError naming what was wanted:
//
//	switch x1 := av.(type) {
//	case *types.AttributeValueMemberS:
//		if x1 == nil {
//			return ddb.DecodeAt("status", ddb.NilMember("S"))
//		}
//		v.Status = x1.Value
//	case *types.AttributeValueMemberN:
//		...
//		v.Status = x1.Value
//	case nil, *types.AttributeValueMemberNULL:
//		v.Status = ""
//	default:
//		return ddb.DecodeAt("status", ddb.WrongType("S|N", av))
//	}
func (fn *codecFn) decShape(av codecExpr, x codecExpr, t *tags.Type, o tags.Encoding, fail codecFail, withNull bool) []Code {
	sv := fn.tmp("x")
	var cases []Code
	var accepted []string
	member := func(m codecMember, body []Code) {
		accepted = append(accepted, m.name)
		cases = append(cases, Case(Op("*").Qual(pkgTypes, m.goType)).Block(append([]Code{
			If(Id(sv).Op("==").Nil()).Block(fail(Qual(pkgDDB, "NilMember").Call(Lit(m.name)))),
		}, body...)...))
	}
	value := func() *Statement { return Id(sv).Dot("Value") }
	for _, m := range codecAccepts(t, o) {
		member(m, fn.decMember(m, value, x, t, o, av, fail))
	}
	if withNull {
		cases = append(cases, Case(Nil(), Op("*").Qual(pkgTypes, codecNULL.goType)).Block(x.val().Op("=").Add(codecZeroValue(t))))
	}
	want := strings.Join(accepted, "|")
	if want == "" {
		want = "nothing (the Go type cannot be decoded)"
	}
	cases = append(cases, Default().Block(fail(Qual(pkgDDB, "WrongType").Call(Lit(want), av.val()))))
	if len(accepted) == 0 {
		return []Code{Switch(av.val().Assert(Type())).Block(cases...)}
	}
	return []Code{Switch(Id(sv).Op(":=").Add(av.val()).Assert(Type())).Block(cases...)}
}

// decMember decodes the value of member m, one that t accepts
// (codecAccepts), into x: an S is text (a number's with the string option),
// an N a number's text, an M a struct or a map, an L or a set element by
// element.
func (fn *codecFn) decMember(m codecMember, value func() *Statement, x codecExpr, t *tags.Type, o tags.Encoding, av codecExpr, fail codecFail) []Code {
	switch m {
	case codecBOOL:
		return []Code{x.val().Op("=").Add(codecFrom(value(), t, "bool"))}
	case codecS:
		if o.AsString {
			return fn.decFromN(value, x, t, av, fail)
		}
		return fn.decFromS(value, x, t, av, fail)
	case codecN:
		return fn.decFromN(value, x, t, av, fail)
	case codecB:
		return fn.decFromB(value, x, t, av, fail)
	case codecM:
		if t.Kind == tags.KindMap {
			return fn.decMap(value, x, t, fail)
		}
		var call *Statement
		if fn.g.isTable(t.Struct) {
			call = x.val().Dot("UnmarshalItem").Call(value())
		} else {
			call = Id("unmarshal"+fn.g.base(t.Struct)).Call(value(), x.addr())
		}
		return []Code{If(Err().Op(":=").Add(call), Err().Op("!=").Nil()).Block(fail(Err()))}
	case codecL:
		return fn.decList(value, x, t, fail)
	}
	return fn.decSet(value, codecSetElem(m), x, t, av, fail)
}

// codecZeroValue is the zero value of t, as decoding NULL sets it.
func codecZeroValue(t *tags.Type) Code {
	switch t.Kind {
	case tags.KindBool:
		return False()
	case tags.KindInt, tags.KindUint, tags.KindFloat:
		return Lit(0)
	case tags.KindString:
		return Lit("")
	case tags.KindBytes, tags.KindSlice, tags.KindMap, tags.KindPtr, tags.KindInterface:
		return Nil()
	}
	return Add(typeCode(t)).Values()
}

// decFromN decodes the text of a number (an N, an NS element, or an S with the
// string option) into x: strings take it as is, numbers are parsed with
// overflow checks, times are unix seconds.
//
//	n3, err := ddb.ParseInt(x1.Value, 64)
//	if err != nil {
//		return ddb.DecodeAt("version", err)
//	}
//	v.Version = n3
func (fn *codecFn) decFromN(text func() *Statement, x codecExpr, t *tags.Type, av codecExpr, fail codecFail) []Code {
	n := fn.tmp("n")
	parse := func(f string, basic string, args ...Code) []Code {
		return []Code{
			List(Id(n), Err()).Op(":=").Qual(pkgDDB, f).Call(append([]Code{text()}, args...)...),
			If(Err().Op("!=").Nil()).Block(fail(Err())),
			x.val().Op("=").Add(codecFrom(Id(n), t, basic)),
		}
	}
	switch t.Kind {
	case tags.KindString:
		return []Code{x.val().Op("=").Add(codecFrom(text(), t, "string"))}
	case tags.KindInt:
		return parse("ParseInt", "int64", Lit(codecBits(t)))
	case tags.KindUint:
		if !codecIsUintptr(t) {
			return parse("ParseUint", "uint64", Lit(codecBits(t)))
		}
	case tags.KindFloat:
		return parse("ParseFloat", "float64", Lit(codecBits(t)))
	case tags.KindTime:
		return []Code{
			List(Id(n), Err()).Op(":=").Qual(pkgDDB, "ParseUnixTime").Call(text()),
			If(Err().Op("!=").Nil()).Block(fail(Err())),
			x.val().Op("=").Add(codecFromTime(Id(n), t)),
		}
	}
	var got Code = Nil()
	if av.val != nil {
		got = av.val()
	}
	return []Code{fail(Qual(pkgDDB, "WrongType").Call(Lit(codecWantOf(t)), got))}
}

// decFromS decodes the text of an S or an SS element into x (strings and times):
//
//	t4, err := ddb.ParseTime(x1.Value)
//	if err != nil {
//		return ddb.DecodeAt("created", err)
//	}
//	v.Created = t4
func (fn *codecFn) decFromS(text func() *Statement, x codecExpr, t *tags.Type, av codecExpr, fail codecFail) []Code {
	switch t.Kind {
	case tags.KindString:
		return []Code{x.val().Op("=").Add(codecFrom(text(), t, "string"))}
	case tags.KindTime:
		tv := fn.tmp("t")
		return []Code{
			List(Id(tv), Err()).Op(":=").Qual(pkgDDB, "ParseTime").Call(text()),
			If(Err().Op("!=").Nil()).Block(fail(Err())),
			x.val().Op("=").Add(codecFromTime(Id(tv), t)),
		}
	}
	return []Code{fail(Qual(pkgDDB, "WrongType").Call(Lit(codecWantOf(t)), av.val()))}
}

// decFromB decodes the bytes of a B or a BS element into x, reusing x's array
// when it is large enough as attributevalue does; a byte array needs exactly
// its length:
//
//	v.Payload = ddb.CopyBytes(v.Payload, x1.Value)
//
//	if len(x1.Value) != 4 {
//		return ddb.DecodeAt("digest", ddb.WrongLength(4, len(x1.Value)))
//	}
//	copy(v.Digest[:], x1.Value)
func (fn *codecFn) decFromB(b func() *Statement, x codecExpr, t *tags.Type, av codecExpr, fail codecFail) []Code {
	switch {
	case t.Kind == tags.KindBytes:
		return []Code{x.val().Op("=").Qual(pkgDDB, "CopyBytes").Call(x.val(), b())}
	case t.Kind == tags.KindArray && codecIsByte(t.Elem):
		check := If(Len(b()).Op("!=").Lit(int(t.Len))).Block(fail(Qual(pkgDDB, "WrongLength").Call(Lit(int(t.Len)), Len(b()))))
		if t.Elem.Name == "" {
			return []Code{check, Copy(x.val().Index(Op(":")), b())}
		}
		i, c := fn.tmp("i"), fn.tmp("c")
		return []Code{check, For(List(Id(i), Id(c)).Op(":=").Range().Add(b())).Block(
			x.val().Index(Id(i)).Op("=").Add(typeCode(t.Elem)).Call(Id(c)),
		)}
	}
	return []Code{fail(Qual(pkgDDB, "WrongType").Call(Lit(codecWantOf(t)), av.val()))}
}

// decMap decodes an M into a map, keys parsed as attributevalue parses them
// (UnmarshalText when the key type has it), each value decoded afresh:
//
//	if v.Attrs == nil {
//		v.Attrs = make(map[string]string, len(x1.Value))
//	}
//	for k2, e2 := range x1.Value {
//		var v3 string
//		...decode e2 into v3...
//		v.Attrs[k2] = v3
//	}
func (fn *codecFn) decMap(value func() *Statement, x codecExpr, t *tags.Type, fail codecFail) []Code {
	k, e, ev := fn.tmp("k"), fn.tmp("e"), fn.tmp("v")
	kt := t.Key
	elemFail := func(err Code) Code { return fail(Qual(pkgDDB, "DecodeAt").Call(Id(k), err)) }
	var body []Code
	key := Id(k)
	if !(kt.Kind == tags.KindString && kt.Name == "") {
		kv := fn.tmp("key")
		key = Id(kv)
		body = append(body, Var().Id(kv).Add(typeCode(kt)))
		parse := fn.decKeyText(k, codecVar(kv), kt, elemFail)
		if kt.Name != "" {
			ok := fn.tmp("ok")
			body = append(body,
				List(Id(ok), Err()).Op(":=").Qual(pkgDDB, "UnmarshalMapKey").Call(Op("&").Id(kv), Id(k)),
				If(Err().Op("!=").Nil()).Block(elemFail(Err())),
				If(Op("!").Id(ok)).Block(parse...),
			)
		} else {
			body = append(body, parse...)
		}
	}
	body = append(body, Var().Id(ev).Add(typeCode(t.Elem)))
	body = append(body, fn.dec(codecVar(e), codecVar(ev), t.Elem, tags.Encoding{}, elemFail)...)
	body = append(body, x.val().Index(key).Op("=").Id(ev))
	return []Code{
		If(x.val().Op("==").Nil()).Block(x.val().Op("=").Make(typeCode(t), Len(value()))),
		For(List(Id(k), Id(e)).Op(":=").Range().Add(value())).Block(body...),
	}
}

// decKeyText parses a map key of a non-string (or named) type:
//
//	n5, err := ddb.ParseInt(k2, 0)
//	if err != nil {
//		return ddb.DecodeAt("counters", ddb.DecodeAt(k2, err))
//	}
//	key4 = int(n5)
func (fn *codecFn) decKeyText(k string, key codecExpr, kt *tags.Type, fail codecFail) []Code {
	text := func() *Statement { return Id(k) }
	if kt.Kind == tags.KindBool {
		n := fn.tmp("b")
		return []Code{
			List(Id(n), Err()).Op(":=").Qual(pkgDDB, "ParseBool").Call(Id(k)),
			If(Err().Op("!=").Nil()).Block(fail(Err())),
			key.val().Op("=").Add(codecFrom(Id(n), kt, "bool")),
		}
	}
	return fn.decFromN(text, key, kt, codecExpr{}, fail)
}

// decList decodes an L into a slice (reusing its array when large enough, as
// attributevalue does) or into an array (up to its length):
//
//	if v.Lines == nil || cap(v.Lines) < len(x1.Value) {
//		v.Lines = make([]Line, 0, len(x1.Value))
//	}
//	for i2, e2 := range x1.Value {
//		v.Lines = v.Lines[:i2+1]
//		...decode e2 into v.Lines[i2]...
//	}
func (fn *codecFn) decList(value func() *Statement, x codecExpr, t *tags.Type, fail codecFail) []Code {
	i, e := fn.tmp("i"), fn.tmp("e")
	elemFail := func(err Code) Code { return fail(Qual(pkgDDB, "DecodeAtIndex").Call(Id(i), err)) }
	body := fn.dec(codecVar(e), x.index(i), t.Elem, tags.Encoding{}, elemFail)
	if t.Kind == tags.KindArray {
		return []Code{For(List(Id(i), Id(e)).Op(":=").Range().Add(value())).Block(append([]Code{
			If(Id(i).Op(">=").Lit(int(t.Len))).Block(Break()),
		}, body...)...)}
	}
	return []Code{
		fn.ensureCap(x, t, value),
		For(List(Id(i), Id(e)).Op(":=").Range().Add(value())).Block(append([]Code{
			x.val().Op("=").Add(x.val()).Index(Op(":").Id(i).Op("+").Lit(1)),
		}, body...)...),
	}
}

func (fn *codecFn) ensureCap(x codecExpr, t *tags.Type, value func() *Statement) Code {
	return If(x.val().Op("==").Nil().Op("||").Cap(x.val()).Op("<").Len(value())).Block(
		x.val().Op("=").Make(typeCode(t), Lit(0), Len(value())),
	)
}

// decSet decodes an SS, NS or BS into a slice or array, element by element.
// An element type with an Unmarshaler receives the whole set in element 0, as
// attributevalue (without its FixUnmarshalIndividualSetValues option) does.
//
//	for i2, s2 := range x1.Value {
//		v.Tags = v.Tags[:i2+1]
//		v.Tags[i2] = s2
//	}
func (fn *codecFn) decSet(value func() *Statement, m codecMember, x codecExpr, t *tags.Type, av codecExpr, fail codecFail) []Code {
	inner := t.Elem
	for inner.Kind == tags.KindPtr {
		inner = inner.Elem
	}
	if inner.Kind == tags.KindInterface {
		return []Code{If(Err().Op(":=").Qual(pkgDDB, "DecodeFallback").Call(av.val(), x.addr(), Lit("")), Err().Op("!=").Nil()).Block(fail(Err()))}
	}
	var stmts []Code
	if t.Kind == tags.KindSlice {
		stmts = append(stmts, fn.ensureCap(x, t, value))
	}
	if inner.Unmarshaler {
		first := codecExpr{val: func() *Statement { return x.val().Index(Lit(0)) }}
		var body []Code
		if t.Kind == tags.KindSlice {
			body = append(body, x.val().Op("=").Add(x.val()).Index(Op(":").Lit(1)))
		}
		body = append(body, fn.decNonNull(av, first, t.Elem, tags.Encoding{}, func(err Code) Code {
			return fail(Qual(pkgDDB, "DecodeAtIndex").Call(Lit(0), err))
		})...)
		return append(stmts, If(Len(value()).Op(">").Lit(0)).Block(body...))
	}
	if !codecAcceptsText(inner, m) {
		// No element can be decoded: only an empty set is no error.
		return append(stmts, If(Len(value()).Op(">").Lit(0)).Block(
			fail(Qual(pkgDDB, "DecodeAtIndex").Call(Lit(0), Qual(pkgDDB, "WrongType").Call(Lit(codecWantOf(inner)), av.val()))),
		))
	}
	i, s := fn.tmp("i"), fn.tmp("s")
	elemFail := func(err Code) Code { return fail(Qual(pkgDDB, "DecodeAtIndex").Call(Id(i), err)) }
	var body []Code
	if t.Kind == tags.KindArray {
		body = append(body, If(Id(i).Op(">=").Lit(int(t.Len))).Block(Break()))
	} else {
		body = append(body, x.val().Op("=").Add(x.val()).Index(Op(":").Id(i).Op("+").Lit(1)))
	}
	body = append(body, fn.decSetElem(func() *Statement { return Id(s) }, m, x.index(i), t.Elem, av, elemFail)...)
	return append(stmts, For(List(Id(i), Id(s)).Op(":=").Range().Add(value())).Block(body...))
}

// decSetElem decodes one set element, allocating pointers on the way:
//
//	n6, err := ddb.ParseInt(s5, 0)
//	...
//	v.Scores[i4] = int(n6)
func (fn *codecFn) decSetElem(text func() *Statement, m codecMember, x codecExpr, t *tags.Type, av codecExpr, fail codecFail) []Code {
	if t.Kind == tags.KindPtr {
		return append([]Code{
			If(x.val().Op("==").Nil()).Block(x.val().Op("=").New(typeCode(t.Elem))),
		}, fn.decSetElem(text, m, x.deref(), t.Elem, av, fail)...)
	}
	switch m {
	case codecS:
		return fn.decFromS(text, x, t, av, fail)
	case codecN:
		return fn.decFromN(text, x, t, av, fail)
	}
	return fn.decFromB(text, x, t, av, fail)
}
