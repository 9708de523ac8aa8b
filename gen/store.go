package gen

import (
	"fmt"
	"go/token"
	"strings"
	"unicode"

	. "github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/tags"
)

// The typed store of a table, handler side. Every emitter below names its
// declarations after the model type (Order -> OrderStore, OrderKey, ...), so
// several tables share one package without clashes. Item-level work (retries,
// conditions, error typing) lives in runtime/ddb; the generated code only
// types keys and values and calls the codec (MarshalItem/UnmarshalItem).

const (
	pkgContext = "context"
	pkgIter    = "iter"
)

// storeDecls returns the store declarations of one table.
func storeDecls(t *tags.Table) []Code {
	var out []Code
	out = append(out, schemaDecl(t))
	out = append(out, keyDecls(t)...)
	out = append(out, readOnlyStoreDecls(t)...)
	out = append(out, storeTypeDecls(t)...)
	out = append(out, writeDecls(t)...)
	out = append(out, updateDecls(t)...)
	return out
}

// ---- names -------------------------------------------------------------------

func storeName(t *tags.Table) string      { return typeName(t) + "Store" }
func roStoreName(t *tags.Table) string    { return typeName(t) + "ReadOnlyStore" }
func keyTypeName(t *tags.Table) string    { return typeName(t) + "Key" }
func updateName(t *tags.Table) string     { return typeName(t) + "Update" }
func keyAttrsVar(t *tags.Table) string    { return lowerFirst(typeName(t)) + "KeyAttrs" }
func decodeFuncName(t *tags.Table) string { return "decode" + typeName(t) }

// lowerFirst lowers a leading upper-case run the Go way: "CustomerID" ->
// "customerID", "URLPath" -> "urlPath", "ID" -> "id".
func lowerFirst(s string) string {
	rs := []rune(s)
	n := 0
	for n < len(rs) && unicode.IsUpper(rs[n]) {
		n++
	}
	switch {
	case n == 0:
		return s
	case n == 1 || n == len(rs):
		// "Order" -> "order", "ID" -> "id"
	default:
		n-- // "URLPath": keep the P of Path
	}
	for i := 0; i < n; i++ {
		rs[i] = unicode.ToLower(rs[i])
	}
	return string(rs)
}

// article is "an" before a vowel, else "a": "an Order", "a User".
func article(word string) string {
	if word != "" && strings.ContainsRune("AEIOUaeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// paramNames are the identifiers generated methods use themselves.
var paramNames = map[string]bool{"ctx": true, "s": true, "q": true, "u": true, "v": true, "k": true, "key": true, "opts": true, "err": true, "item": true, "items": true, "keys": true, "ddb": true, "types": true, "dynamodb": true, "context": true, "iter": true, "time": true, "expectedVersion": true, "cursor": true}

// paramName is the parameter name of a key field: its Go name lowered,
// suffixed when it would clash with a keyword or a generated identifier.
func paramName(f *tags.Field) string {
	p := lowerFirst(f.GoName())
	if token.IsKeyword(p) || paramNames[p] || !token.IsIdentifier(p) {
		p += "Value"
	}
	return p
}

// modelType is the table's struct type.
func modelType(t *tags.Table) *Statement { return Qual(t.Struct.PkgPath, t.Struct.Name) }

// fieldSel selects field f from v (promoted fields through their path).
func fieldSel(v *Statement, f *tags.Field) *Statement {
	s := v.Clone()
	for _, p := range f.Path {
		s = s.Dot(p)
	}
	return s
}

// keyValue converts the Go value v of key k to its attribute value, exactly
// as the codec (and attributevalue) encode that field.
//
//	ddb.S(customerID)         string
//	ddb.NInt(int64(n))        signed integers; ddb.SInt with the "string" option
//	ddb.NFloat(float64(f), 64)
//	ddb.B([]byte(b))
//	ddb.STime(t) / ddb.NUnixTime(t)
func keyValue(k *tags.Key, v *Statement) *Statement {
	f := k.Field
	ty := f.Type
	named := ty.Name != ""
	conv := func(basic string) *Statement {
		if !named && ty.Basic == basic {
			return v
		}
		return Id(basic).Call(v)
	}
	switch ty.Kind {
	case tags.KindString:
		return Qual(pkgDDB, "S").Call(conv("string"))
	case tags.KindInt:
		if f.Enc.AsString {
			return Qual(pkgDDB, "SInt").Call(conv("int64"))
		}
		return Qual(pkgDDB, "NInt").Call(conv("int64"))
	case tags.KindUint:
		if f.Enc.AsString {
			return Qual(pkgDDB, "SUint").Call(conv("uint64"))
		}
		return Qual(pkgDDB, "NUint").Call(conv("uint64"))
	case tags.KindFloat:
		bits := 64
		if ty.Basic == "float32" {
			bits = 32
		}
		if f.Enc.AsString {
			return Qual(pkgDDB, "SFloat").Call(conv("float64"), Lit(bits))
		}
		return Qual(pkgDDB, "NFloat").Call(conv("float64"), Lit(bits))
	case tags.KindBytes:
		if named || ty.Elem != nil {
			return Qual(pkgDDB, "B").Call(Index().Byte().Parens(v))
		}
		return Qual(pkgDDB, "B").Call(v)
	case tags.KindTime:
		tv := v
		if ty.PkgPath != codecPkgTime || ty.Name != "Time" {
			tv = Qual(codecPkgTime, "Time").Parens(v)
		}
		if f.Enc.UnixTime {
			return Qual(pkgDDB, "NUnixTime").Call(tv)
		}
		return Qual(pkgDDB, "STime").Call(tv)
	}
	panic(fmt.Sprintf("stelviogen: key field %s has kind %s, which tags rejects", f.GoName(), ty.Kind))
}

// tableKeys returns the table's key, partition key first.
func tableKeys(t *tags.Table) []*tags.Key {
	if t.SK == nil {
		return []*tags.Key{t.PK}
	}
	return []*tags.Key{t.PK, t.SK}
}

// keyParams declares one typed parameter per key: customerID string, orderDate string.
func keyParams(keys []*tags.Key) []Code {
	var out []Code
	for _, k := range keys {
		out = append(out, Id(paramName(k.Field)).Add(typeCode(k.Field.Type)))
	}
	return out
}

// keyMap builds the key map from values: map[string]types.AttributeValue{"customer_id": ddb.S(customerID), ...}.
func keyMap(keys []*tags.Key, value func(k *tags.Key) *Statement) *Statement {
	return Map(String()).Qual(pkgTypes, "AttributeValue").Values(DictFunc(func(d Dict) {
		for _, k := range keys {
			d[Lit(k.Field.Attr)] = keyValue(k, value(k))
		}
	}))
}

func paramValue(k *tags.Key) *Statement { return Id(paramName(k.Field)) }

func keyDoc(t *tags.Table) string {
	var parts []string
	for _, k := range tableKeys(t) {
		parts = append(parts, paramName(k.Field))
	}
	return strings.Join(parts, ", ")
}

// ---- schema ------------------------------------------------------------------

// schemaDecl describes the table for ddb.CreateTable (local servers, tests):
//
//	// OrderSchema is the shape of the "orders" table, for ddb.CreateTable.
//	var OrderSchema = ddb.TableSchema{
//		Name: "orders",
//		PK:   ddb.KeyAttr{Name: "customer_id", Type: types.ScalarAttributeTypeS},
//		SK:   ddb.KeyAttr{Name: "order_date", Type: types.ScalarAttributeTypeS},
//		LSIs: []ddb.IndexSchema{{Name: "status-index", PK: ..., SK: ..., Projection: types.ProjectionTypeInclude, NonKey: []string{"total"}}},
//		GSIs: ...,
//		StreamView: types.StreamViewTypeNewAndOldImages,
//		TTL: "expires_at", Version: "version",
//	}
func schemaDecl(t *tags.Table) Code {
	keyAttr := func(k *tags.Key) *Statement {
		return Qual(pkgDDB, "KeyAttr").Values(Dict{
			Id("Name"): Lit(k.Field.Attr),
			Id("Type"): Qual(pkgTypes, "ScalarAttributeType"+string(k.Type)),
		})
	}
	projType := map[tags.ProjectionType]string{tags.ProjectKeysOnly: "ProjectionTypeKeysOnly", tags.ProjectAll: "ProjectionTypeAll", tags.ProjectInclude: "ProjectionTypeInclude"}
	indexes := func(ixs []*tags.Index) *Statement {
		var elems []Code
		for _, ix := range ixs {
			d := Dict{
				Id("Name"):       Lit(ix.Name),
				Id("PK"):         keyAttr(ix.PK),
				Id("Projection"): Qual(pkgTypes, projType[ix.Projection.Type]),
			}
			if ix.SK != nil {
				d[Id("SK")] = keyAttr(ix.SK)
			}
			if ix.Projection.Type == tags.ProjectInclude {
				var names []Code
				for _, n := range ix.Projection.NonKey {
					names = append(names, Lit(n))
				}
				d[Id("NonKey")] = Index().String().Values(names...)
			}
			elems = append(elems, Values(d))
		}
		return Index().Qual(pkgDDB, "IndexSchema").Values(elems...)
	}
	d := Dict{
		Id("Name"): Lit(t.Name),
		Id("PK"):   keyAttr(t.PK),
	}
	if t.SK != nil {
		d[Id("SK")] = keyAttr(t.SK)
	}
	if len(t.LSIs) > 0 {
		d[Id("LSIs")] = indexes(t.LSIs)
	}
	if len(t.GSIs) > 0 {
		d[Id("GSIs")] = indexes(t.GSIs)
	}
	streams := map[tags.StreamView]string{tags.StreamKeysOnly: "StreamViewTypeKeysOnly", tags.StreamNewImage: "StreamViewTypeNewImage", tags.StreamOldImage: "StreamViewTypeOldImage", tags.StreamNewAndOld: "StreamViewTypeNewAndOldImages"}
	if s, ok := streams[t.Stream]; ok {
		d[Id("StreamView")] = Qual(pkgTypes, s)
	}
	if t.TTL != nil {
		d[Id("TTL")] = Lit(t.TTL.Attr)
	}
	if t.Version != nil {
		d[Id("Version")] = Lit(t.Version.Attr)
	}
	n := typeName(t)
	return doc(
		fmt.Sprintf("%sSchema is the shape of the %q table: ddb.CreateTable(ctx, client, %sSchema, name)", n, t.Name, n),
		"creates it, with its indexes, on a DynamoDB-compatible server (tests, local development).",
	).Var().Id(n+"Schema").Op("=").Qual(pkgDDB, "TableSchema").Values(d)
}

// ---- keys --------------------------------------------------------------------

// keyDecls emits the key type and helpers:
//
//	// OrderKey is the primary key of an Order item.
//	type OrderKey struct {
//		CustomerID string
//		OrderDate  string
//	}
//
//	// OrderKeyOf returns the primary key of v.
//	func OrderKeyOf(v *Order) OrderKey { return OrderKey{CustomerID: v.CustomerID, OrderDate: v.OrderDate} }
//
//	// attributes returns the key as DynamoDB attributes.
//	func (k OrderKey) attributes() map[string]types.AttributeValue {...}
//
//	var orderKeyAttrs = []string{"customer_id", "order_date"}
//
//	func decodeOrder(item map[string]types.AttributeValue) (Order, error) {
//		var v Order
//		err := v.UnmarshalItem(item)
//		return v, err
//	}
func keyDecls(t *tags.Table) []Code {
	n := typeName(t)
	kt := keyTypeName(t)
	var fields []Code
	of := Dict{}
	var attrNames []Code
	for _, k := range tableKeys(t) {
		fields = append(fields, Id(fieldIdent(t.Struct, k.Field)).Add(typeCode(k.Field.Type)).Comment("attribute "+k.Field.Attr))
		of[Id(fieldIdent(t.Struct, k.Field))] = fieldSel(Id("v"), k.Field)
		attrNames = append(attrNames, Lit(k.Field.Attr))
	}
	return []Code{
		doc(fmt.Sprintf("%s is the primary key of %s %s item.", kt, article(n), n)).
			Type().Id(kt).Struct(fields...),
		doc(fmt.Sprintf("%sOf returns the primary key of v.", kt)).
			Func().Id(kt + "Of").Params(Id("v").Op("*").Add(modelType(t))).Id(kt).Block(
			Return(Id(kt).Values(of)),
		),
		doc("attributes returns the key as DynamoDB attributes.").
			Func().Params(Id("k").Id(kt)).Id("attributes").Params().Map(String()).Qual(pkgTypes, "AttributeValue").Block(
			Return(keyMap(tableKeys(t), func(k *tags.Key) *Statement { return Id("k").Dot(fieldIdent(t.Struct, k.Field)) })),
		),
		doc(fmt.Sprintf("%s are the key attributes of the %q table, partition key first.", keyAttrsVar(t), t.Name)).
			Var().Id(keyAttrsVar(t)).Op("=").Index().String().Values(attrNames...),
		doc(fmt.Sprintf("%s decodes an item of the %q table.", decodeFuncName(t), t.Name)).
			Func().Id(decodeFuncName(t)).Params(Id("item").Map(String()).Qual(pkgTypes, "AttributeValue")).Params(modelType(t), Error()).Block(
			Var().Id("v").Add(modelType(t)),
			Err().Op(":=").Id("v").Dot("UnmarshalItem").Call(Id("item")),
			Return(Id("v"), Err()),
		),
	}
}

// ---- read-only store ---------------------------------------------------------

// readOnlyStoreDecls emits the read side:
//
//	// OrderReadOnlyStore reads the "orders" table: Get, BatchGet, queries and
//	// scans. It has no write methods, so code holding one cannot write.
//	type OrderReadOnlyStore struct {
//		client ddb.ReadAPI
//		table  string
//	}
//
//	func NewOrderReadOnlyStore(client ddb.ReadAPI, table string) *OrderReadOnlyStore
//	func OpenOrderReadOnlyStore(client ddb.ReadAPI) (*OrderReadOnlyStore, error) // table from STLV_ORDERS_TABLE_NAME
//	func (s *OrderReadOnlyStore) TableName() string
//	func (s *OrderReadOnlyStore) Get(ctx context.Context, customerID string, orderDate string, opts ...ddb.ReadOption) (*Order, error)
//	func (s *OrderReadOnlyStore) BatchGet(ctx context.Context, keys []OrderKey, opts ...ddb.ReadOption) ([]Order, error)
func readOnlyStoreDecls(t *tags.Table) []Code {
	n := typeName(t)
	ro := roStoreName(t)
	recv := func() *Statement { return Params(Id("s").Op("*").Id(ro)) }
	ctxParam := Id("ctx").Qual(pkgContext, "Context")
	keys := tableKeys(t)
	getParams := append([]Code{ctxParam}, keyParams(keys)...)
	getParams = append(getParams, Id("opts").Op("...").Qual(pkgDDB, "ReadOption"))
	return []Code{
		doc(
			fmt.Sprintf("%s reads the %q table: Get, BatchGet, queries and scans.", ro, t.Name),
			"It has no write methods, so code given one cannot write to the table.",
		).Type().Id(ro).Struct(
			Id("client").Qual(pkgDDB, "ReadAPI"),
			Id("table").String(),
		),
		doc(fmt.Sprintf("New%s reads the table with the physical name table through client.", ro)).
			Func().Id("New"+ro).Params(Id("client").Qual(pkgDDB, "ReadAPI"), Id("table").String()).Op("*").Id(ro).Block(
			Return(Op("&").Id(ro).Values(Dict{Id("client"): Id("client"), Id("table"): Id("table")})),
		),
		doc(
			fmt.Sprintf("Open%s reads the linked table whose name is in %s", ro, "STLV_"+envName(t.Name)+"_TABLE_NAME"),
			"(set by linking the table to the function); the error names the variable when it is unset.",
		).Func().Id("Open"+ro).Params(Id("client").Qual(pkgDDB, "ReadAPI")).Params(Op("*").Id(ro), Error()).Block(
			List(Id("table"), Err()).Op(":=").Qual(pkgDDB, "TableNameFromEnv").Call(Id(n+"TableName")),
			If(Err().Op("!=").Nil()).Block(Return(Nil(), Err())),
			Return(Id("New"+ro).Call(Id("client"), Id("table")), Nil()),
		),
		doc("TableName returns the physical name of the table.").
			Func().Add(recv()).Id("TableName").Params().String().Block(Return(Id("s").Dot("table"))),
		doc(
			fmt.Sprintf("Get reads the %s with the given key; ddb.ConsistentRead() asks for a", n),
			"strongly consistent read. A missing item is an error wrapping ddb.ErrNotFound.",
		).Func().Add(recv()).Id("Get").Params(getParams...).Params(Op("*").Add(modelType(t)), Error()).Block(
			Id("key").Op(":=").Add(keyMap(keys, paramValue)),
			List(Id("item"), Err()).Op(":=").Qual(pkgDDB, "GetItem").Call(Id("ctx"), Id("s").Dot("client"), Id("s").Dot("table"), Id("key"),
				Qual(pkgDDB, "ApplyReadOptions").Call(Id("opts")).Dot("Consistent")),
			If(Err().Op("!=").Nil()).Block(Return(Nil(), Err())),
			Id("v").Op(":=").New(modelType(t)),
			If(Err().Op(":=").Id("v").Dot("UnmarshalItem").Call(Id("item")), Err().Op("!=").Nil()).Block(
				Return(Nil(), Qual(pkgDDB, "NewItemError").Call(Lit("GetItem"), Id("s").Dot("table"), Id("key"), Err())),
			),
			Return(Id("v"), Nil()),
		),
		doc(
			fmt.Sprintf("BatchGet reads the %s items with the given keys, 100 keys per request,", n),
			"retrying unprocessed keys with backoff until done or ctx ends. Items come back",
			"in the order of keys; keys without an item are left out. On failure the items",
			"read so far come with a *ddb.BatchGetError listing the keys not read.",
		).Func().Add(recv()).Id("BatchGet").Params(ctxParam.Clone(), Id("keys").Index().Id(keyTypeName(t)), Id("opts").Op("...").Qual(pkgDDB, "ReadOption")).Params(Index().Add(modelType(t)), Error()).Block(
			Id("avs").Op(":=").Make(Index().Map(String()).Qual(pkgTypes, "AttributeValue"), Len(Id("keys"))),
			For(List(Id("i"), Id("k")).Op(":=").Range().Id("keys")).Block(
				Id("avs").Index(Id("i")).Op("=").Id("k").Dot("attributes").Call(),
			),
			List(Id("items"), Id("berr")).Op(":=").Qual(pkgDDB, "BatchGet").Call(Id("ctx"), Id("s").Dot("client"), Id("s").Dot("table"), Id(keyAttrsVar(t)), Id("avs"),
				Qual(pkgDDB, "ApplyReadOptions").Call(Id("opts")).Dot("Consistent"), Nil()),
			Id("out").Op(":=").Make(Index().Add(modelType(t)), Len(Id("items"))),
			For(List(Id("i"), Id("item")).Op(":=").Range().Id("items")).Block(
				If(Err().Op(":=").Id("out").Index(Id("i")).Dot("UnmarshalItem").Call(Id("item")), Err().Op("!=").Nil()).Block(
					Return(Nil(), Qual(pkgDDB, "NewItemError").Call(Lit("BatchGetItem"), Id("s").Dot("table"), Qual(pkgDDB, "KeyOf").Call(Id("item"), Id(keyAttrsVar(t)).Op("...")), Err())),
				),
			),
			Return(Id("out"), Id("berr")),
		),
	}
}

// ---- read-write store --------------------------------------------------------

// storeTypeDecls emits the read-write store:
//
//	// OrderStore reads and writes the "orders" table. Its read methods are those
//	// of the embedded OrderReadOnlyStore.
//	type OrderStore struct {
//		OrderReadOnlyStore
//		client ddb.API
//	}
//
//	func NewOrderStore(client ddb.API, table string) *OrderStore
//	func OpenOrderStore(client ddb.API) (*OrderStore, error)
func storeTypeDecls(t *tags.Table) []Code {
	n := typeName(t)
	st, ro := storeName(t), roStoreName(t)
	return []Code{
		doc(
			fmt.Sprintf("%s reads and writes the %q table. Its read methods are those of the", st, t.Name),
			fmt.Sprintf("embedded %s, which can be handed to code that must only read.", ro),
		).Type().Id(st).Struct(
			Id(ro),
			Id("client").Qual(pkgDDB, "API"),
		),
		doc(fmt.Sprintf("New%s uses the table with the physical name table through client.", st)).
			Func().Id("New"+st).Params(Id("client").Qual(pkgDDB, "API"), Id("table").String()).Op("*").Id(st).Block(
			Return(Op("&").Id(st).Values(Dict{
				Id(ro):       Id(ro).Values(Dict{Id("client"): Id("client"), Id("table"): Id("table")}),
				Id("client"): Id("client"),
			})),
		),
		doc(
			fmt.Sprintf("Open%s uses the linked table whose name is in %s", st, "STLV_"+envName(t.Name)+"_TABLE_NAME"),
			"(set by linking the table to the function); the error names the variable when it is unset.",
		).Func().Id("Open"+st).Params(Id("client").Qual(pkgDDB, "API")).Params(Op("*").Id(st), Error()).Block(
			List(Id("table"), Err()).Op(":=").Qual(pkgDDB, "TableNameFromEnv").Call(Id(n+"TableName")),
			If(Err().Op("!=").Nil()).Block(Return(Nil(), Err())),
			Return(Id("New"+st).Call(Id("client"), Id("table")), Nil()),
		),
	}
}

// versionValue is the attribute value of an integer version expression.
func versionValue(t *tags.Table, v *Statement) *Statement {
	if t.Version.Type.Kind == tags.KindUint {
		return Qual(pkgDDB, "NUint").Call(Uint64().Parens(v))
	}
	return Qual(pkgDDB, "NInt").Call(Int64().Parens(v))
}

// writeDecls emits Put, Create, Delete and the batch writes. With a version
// field, Put and Create maintain it:
//
//	// Put writes v, replacing the stored item with its key. Optimistic locking:
//	// the write succeeds only if the stored item still has v.Version (or, when
//	// v.Version is 0, if there is none); then v.Version is incremented.
//	func (s *OrderStore) Put(ctx context.Context, v *Order) error {
//		prev := v.Version
//		v.Version++
//		item, err := v.MarshalItem()
//		if err != nil {
//			v.Version = prev
//			return ddb.NewItemError("PutItem", s.table, OrderKeyOf(v).attributes(), err)
//		}
//		var prevAV types.AttributeValue
//		if prev != 0 {
//			prevAV = ddb.NInt(int64(prev))
//		}
//		err = ddb.PutItem(ctx, s.client, s.table, item, ddb.PutOptions{KeyAttrs: orderKeyAttrs, VersionAttr: "version", PrevVersion: prevAV})
//		if err != nil {
//			v.Version = prev
//		}
//		return err
//	}
func writeDecls(t *tags.Table) []Code {
	n := typeName(t)
	st := storeName(t)
	recv := func() *Statement { return Params(Id("s").Op("*").Id(st)) }
	ctxParam := func() *Statement { return Id("ctx").Qual(pkgContext, "Context") }
	keys := tableKeys(t)
	ver := t.Version
	marshalErr := func(op string) *Statement {
		return Qual(pkgDDB, "NewItemError").Call(Lit(op), Id("s").Dot("table"), Id(keyTypeName(t)+"Of").Call(Id("v")).Dot("attributes").Call(), Err())
	}

	var put, create []Code
	if ver == nil {
		put = []Code{
			List(Id("item"), Err()).Op(":=").Id("v").Dot("MarshalItem").Call(),
			If(Err().Op("!=").Nil()).Block(Return(marshalErr("PutItem"))),
			Return(Qual(pkgDDB, "PutItem").Call(Id("ctx"), Id("s").Dot("client"), Id("s").Dot("table"), Id("item"), Qual(pkgDDB, "PutOptions").Values(Dict{Id("KeyAttrs"): Id(keyAttrsVar(t))}))),
		}
		create = []Code{
			List(Id("item"), Err()).Op(":=").Id("v").Dot("MarshalItem").Call(),
			If(Err().Op("!=").Nil()).Block(Return(marshalErr("PutItem"))),
			Return(Qual(pkgDDB, "PutItem").Call(Id("ctx"), Id("s").Dot("client"), Id("s").Dot("table"), Id("item"), Qual(pkgDDB, "PutOptions").Values(Dict{Id("KeyAttrs"): Id(keyAttrsVar(t)), Id("CreateOnly"): True()}))),
		}
	} else {
		vf := fieldSel(Id("v"), ver)
		versioned := func(opts Dict, withPrev bool) []Code {
			body := []Code{
				Id("prev").Op(":=").Add(vf.Clone()),
				vf.Clone().Op("++"),
				List(Id("item"), Err()).Op(":=").Id("v").Dot("MarshalItem").Call(),
				If(Err().Op("!=").Nil()).Block(vf.Clone().Op("=").Id("prev"), Return(marshalErr("PutItem"))),
			}
			if withPrev {
				body = append(body,
					Var().Id("prevAV").Qual(pkgTypes, "AttributeValue"),
					If(Id("prev").Op("!=").Lit(0)).Block(Id("prevAV").Op("=").Add(versionValue(t, Id("prev")))),
				)
				opts[Id("VersionAttr")] = Lit(ver.Attr)
				opts[Id("PrevVersion")] = Id("prevAV")
			}
			opts[Id("KeyAttrs")] = Id(keyAttrsVar(t))
			return append(body,
				Err().Op("=").Qual(pkgDDB, "PutItem").Call(Id("ctx"), Id("s").Dot("client"), Id("s").Dot("table"), Id("item"), Qual(pkgDDB, "PutOptions").Values(opts)),
				If(Err().Op("!=").Nil()).Block(vf.Clone().Op("=").Id("prev")),
				Return(Err()),
			)
		}
		put = versioned(Dict{}, true)
		create = versioned(Dict{Id("CreateOnly"): True()}, false)
	}

	// A nil item is a caller's bug: an error, not a nil dereference.
	nilGuard := func(op string) Code {
		return If(Id("v").Op("==").Nil()).Block(Return(Qual("errors", "New").Call(Lit("ddb: " + op + " " + t.Name + ": nil item"))))
	}
	put = append([]Code{nilGuard("PutItem")}, put...)
	create = append([]Code{nilGuard("PutItem")}, create...)

	var out []Code
	if ver == nil {
		out = append(out, doc(fmt.Sprintf("Put writes v, replacing any stored %s with its key.", n)).
			Func().Add(recv()).Id("Put").Params(ctxParam(), Id("v").Op("*").Add(modelType(t))).Error().Block(put...))
		out = append(out, doc(
			fmt.Sprintf("Create writes v only if no %s with its key exists; otherwise the error", n),
			"wraps ddb.ErrConditionFailed.",
		).Func().Add(recv()).Id("Create").Params(ctxParam(), Id("v").Op("*").Add(modelType(t))).Error().Block(create...))
	} else {
		g := ver.GoName()
		out = append(out, doc(
			fmt.Sprintf("Put writes v, replacing the stored %s with its key, with optimistic locking:", n),
			fmt.Sprintf("it succeeds only if the stored item still has version v.%s (or, when v.%s", g, g),
			fmt.Sprintf("is 0, if none exists), and then increments v.%s. Otherwise nothing is", g),
			"written and the error wraps ddb.ErrVersionConflict.",
		).Func().Add(recv()).Id("Put").Params(ctxParam(), Id("v").Op("*").Add(modelType(t))).Error().Block(put...))
		out = append(out, doc(
			fmt.Sprintf("Create writes v only if no %s with its key exists (incrementing v.%s on", n, g),
			"success); otherwise the error wraps ddb.ErrConditionFailed.",
		).Func().Add(recv()).Id("Create").Params(ctxParam(), Id("v").Op("*").Add(modelType(t))).Error().Block(create...))
	}

	delParams := append([]Code{ctxParam()}, keyParams(keys)...)
	out = append(out, doc(
		fmt.Sprintf("Delete deletes the %s with the given key; deleting a missing item succeeds.", n),
	).Func().Add(recv()).Id("Delete").Params(delParams...).Error().Block(
		Return(Qual(pkgDDB, "DeleteItem").Call(Id("ctx"), Id("s").Dot("client"), Id("s").Dot("table"), keyMap(keys, paramValue), Qual(pkgDDB, "DeleteOptions").Values())),
	))
	if ver != nil {
		dvParams := append(append([]Code{ctxParam()}, keyParams(keys)...), Id("expectedVersion").Add(typeCode(ver.Type)))
		out = append(out, doc(
			fmt.Sprintf("DeleteVersion deletes the %s with the given key only if its version is", n),
			"expectedVersion; otherwise (also when it no longer exists) the error wraps",
			"ddb.ErrVersionConflict.",
		).Func().Add(recv()).Id("DeleteVersion").Params(dvParams...).Error().Block(
			Return(Qual(pkgDDB, "DeleteItem").Call(Id("ctx"), Id("s").Dot("client"), Id("s").Dot("table"), keyMap(keys, paramValue),
				Qual(pkgDDB, "DeleteOptions").Values(Dict{Id("VersionAttr"): Lit(ver.Attr), Id("Version"): versionValue(t, Id("expectedVersion"))}))),
		))
	}

	batchNote := []string{}
	if ver != nil {
		batchNote = []string{"DynamoDB batch writes cannot be conditional: items are written with their", fmt.Sprintf("%s as is, without optimistic locking.", ver.GoName())}
	}
	bwDoc := append([]string{
		fmt.Sprintf("BatchWrite puts the items puts and deletes the %s items with the keys deletes,", n),
		"25 per request, retrying unprocessed ones with backoff until done or ctx ends.",
		"On failure the error is a *ddb.BatchWriteError whose Unwritten indexes puts",
		"followed by deletes: index i < len(puts) is puts[i], otherwise deletes[i-len(puts)].",
	}, batchNote...)
	out = append(out, doc(bwDoc...).
		Func().Add(recv()).Id("BatchWrite").Params(ctxParam(), Id("puts").Index().Add(modelType(t)), Id("deletes").Index().Id(keyTypeName(t)), Id("opts").Op("...").Qual(pkgDDB, "BatchOption")).Error().Block(
		Id("reqs").Op(":=").Make(Index().Qual(pkgTypes, "WriteRequest"), Lit(0), Len(Id("puts")).Op("+").Len(Id("deletes"))),
		For(Id("i").Op(":=").Range().Id("puts")).Block(
			List(Id("item"), Err()).Op(":=").Id("puts").Index(Id("i")).Dot("MarshalItem").Call(),
			If(Err().Op("!=").Nil()).Block(
				Return(Qual(pkgDDB, "NewItemError").Call(Lit("BatchWriteItem"), Id("s").Dot("table"), Id(keyTypeName(t)+"Of").Call(Op("&").Id("puts").Index(Id("i"))).Dot("attributes").Call(), Err())),
			),
			Id("reqs").Op("=").Append(Id("reqs"), Qual(pkgTypes, "WriteRequest").Values(Dict{Id("PutRequest"): Op("&").Qual(pkgTypes, "PutRequest").Values(Dict{Id("Item"): Id("item")})})),
		),
		For(List(Id("_"), Id("k")).Op(":=").Range().Id("deletes")).Block(
			Id("reqs").Op("=").Append(Id("reqs"), Qual(pkgTypes, "WriteRequest").Values(Dict{Id("DeleteRequest"): Op("&").Qual(pkgTypes, "DeleteRequest").Values(Dict{Id("Key"): Id("k").Dot("attributes").Call()})})),
		),
		Return(Qual(pkgDDB, "BatchWrite").Call(Id("ctx"), Id("s").Dot("client"), Id("s").Dot("table"), Id(keyAttrsVar(t)), Id("reqs"), Id("opts").Op("..."))),
	))
	out = append(out, doc("BatchPut is BatchWrite with puts only.").
		Func().Add(recv()).Id("BatchPut").Params(ctxParam(), Id("items").Index().Add(modelType(t)), Id("opts").Op("...").Qual(pkgDDB, "BatchOption")).Error().Block(
		Return(Id("s").Dot("BatchWrite").Call(Id("ctx"), Id("items"), Nil(), Id("opts").Op("..."))),
	))
	out = append(out, doc("BatchDelete is BatchWrite with deletes only.").
		Func().Add(recv()).Id("BatchDelete").Params(ctxParam(), Id("keys").Index().Id(keyTypeName(t)), Id("opts").Op("...").Qual(pkgDDB, "BatchOption")).Error().Block(
		Return(Id("s").Dot("BatchWrite").Call(Id("ctx"), Nil(), Id("keys"), Id("opts").Op("..."))),
	))
	return out
}

// ---- typed update ------------------------------------------------------------

// isKeyOfTable reports whether f is the table's partition or sort key.
func isKeyOfTable(t *tags.Table, f *tags.Field) bool {
	return f == t.PK.Field || (t.SK != nil && f == t.SK.Field)
}

// numberField reports whether f encodes as a plain number (ADD-able).
func numberField(f *tags.Field) bool {
	ty := f.Type
	if ty.Kind == tags.KindPtr {
		ty = ty.Elem
	}
	if ty.Marshaler || f.Enc.AsString {
		return false
	}
	switch ty.Kind {
	case tags.KindInt, tags.KindUint, tags.KindFloat:
		return true
	}
	return false
}

// setField reports whether f encodes as a DynamoDB set (SS, NS or BS).
func setField(f *tags.Field) bool {
	return f.Enc.StringSet || f.Enc.NumberSet || f.Enc.BinarySet
}

// updateDecls emits the typed update builder:
//
//	// OrderUpdate is an update of one Order, built with Set, Add and Remove
//	// methods per field and applied by Exec.
//	type OrderUpdate struct {
//		store *OrderStore
//		key   map[string]types.AttributeValue
//		prev  types.AttributeValue
//		upd   ddb.Update
//		err   error
//	}
//
//	// Update starts an update of the Order with the given key at version
//	// expectedVersion.
//	func (s *OrderStore) Update(customerID string, orderDate string, expectedVersion int64) *OrderUpdate
//
//	func (u *OrderUpdate) SetStatus(v string) *OrderUpdate {
//		av, err := marshalOrderStatus(v)
//		u.set("status", av, err)
//		return u
//	}
//	func (u *OrderUpdate) AddTotal(v float64) *OrderUpdate   // numbers
//	func (u *OrderUpdate) AddTags(v []string) *OrderUpdate   // sets, and DeleteTags
//	func (u *OrderUpdate) RemoveItems() *OrderUpdate
//	func (u *OrderUpdate) Exec(ctx context.Context) (*Order, error)
//
// Values are encoded by the codec's per-field encoders, so an update stores
// exactly what Put would.
func updateDecls(t *tags.Table) []Code {
	n := typeName(t)
	st := storeName(t)
	up := updateName(t)
	keys := tableKeys(t)
	ver := t.Version
	recv := func() *Statement { return Params(Id("u").Op("*").Id(up)) }

	fields := []Code{
		Id("store").Op("*").Id(st),
		Id("key").Map(String()).Qual(pkgTypes, "AttributeValue"),
		Id("prev").Qual(pkgTypes, "AttributeValue").Comment("expected version, nil without optimistic locking"),
		Id("upsert").Bool(),
		Id("upd").Qual(pkgDDB, "Update"),
		Id("err").Error(),
	}
	var out []Code
	out = append(out, doc(
		fmt.Sprintf("%s is an update of one %s: Set, Add and Remove methods per field record", up, n),
		"actions (a later action on a field replaces an earlier one) and Exec applies them",
		"in one UpdateItem. Names and values travel as expression attribute names and values.",
	).Type().Id(up).Struct(fields...))

	upParams := keyParams(keys)
	init := Dict{
		Id("store"): Id("s"),
		Id("key"):   keyMap(keys, paramValue),
	}
	updDoc := []string{
		fmt.Sprintf("Update starts an update of the %s with the given key. Exec fails with", n),
		"ddb.ErrNotFound when no such item exists (see Upsert).",
	}
	if ver != nil {
		upParams = append(upParams, Id("expectedVersion").Add(typeCode(ver.Type)))
		init[Id("prev")] = versionValue(t, Id("expectedVersion"))
		updDoc = []string{
			fmt.Sprintf("Update starts an update of the %s with the given key, with optimistic", n),
			fmt.Sprintf("locking: Exec applies it only if the stored %s is expectedVersion, and", ver.GoName()),
			"increments it; otherwise the error wraps ddb.ErrVersionConflict (ddb.ErrNotFound",
			"when no such item exists).",
		}
	}
	out = append(out, doc(updDoc...).
		Func().Params(Id("s").Op("*").Id(st)).Id("Update").Params(upParams...).Op("*").Id(up).Block(
		Return(Op("&").Id(up).Values(init)),
	))
	if ver == nil {
		out = append(out, doc("Upsert makes Exec create the item when it does not exist, as DynamoDB's UpdateItem does.").
			Func().Add(recv()).Id("Upsert").Params().Op("*").Id(up).Block(
			Id("u").Dot("upsert").Op("=").True(),
			Return(Id("u")),
		))
	}

	// One recorder per action: each takes the result of the field's codec
	// encoder, keeps the first encoding error for Exec, and ignores nothing else.
	recorder := func(name, what string, action func(av *Statement) *Statement, onNil []Code, nullIsNil bool) Code {
		nilBody := append(onNil, Return())
		isNil := Id("av").Op("==").Nil()
		if nullIsNil {
			// An empty set encodes as NULL, which ADD and DELETE refuse: nothing to do.
			isNil = isNil.Op("||").Qual(pkgDDB, "IsNull").Call(Id("av"))
		}
		return doc(what).
			Func().Add(recv()).Id(name).Params(Id("attr").String(), Id("av").Qual(pkgTypes, "AttributeValue"), Err().Error()).Block(
			If(Err().Op("!=").Nil()).Block(
				If(Id("u").Dot("err").Op("==").Nil()).Block(Id("u").Dot("err").Op("=").Err()),
				Return(),
			),
			If(isNil).Block(nilBody...),
			action(Id("av")),
		)
	}
	out = append(out,
		recorder("set", "set records SET attr = av; a value the codec omits (omitempty) removes attr instead.",
			func(av *Statement) *Statement { return Id("u").Dot("upd").Dot("Set").Call(Id("attr"), av) },
			[]Code{Id("u").Dot("upd").Dot("Remove").Call(Id("attr"))}, false),
		recorder("add", "add records ADD attr av; a value the codec omits, or an empty set, adds nothing.",
			func(av *Statement) *Statement { return Id("u").Dot("upd").Dot("Add").Call(Id("attr"), av) }, nil, true),
		recorder("del", "del records DELETE attr av (set elements); a value the codec omits, or an empty set, deletes nothing.",
			func(av *Statement) *Statement { return Id("u").Dot("upd").Dot("Delete").Call(Id("attr"), av) }, nil, true),
	)

	for _, f := range t.Struct.Fields {
		if isKeyOfTable(t, f) || f == ver {
			continue
		}
		g := fieldIdent(t.Struct, f)
		enc := fieldEncoderName(t.Struct, f)
		record := func(method string, v *Statement) []Code {
			return []Code{
				List(Id("av"), Err()).Op(":=").Id(enc).Call(v),
				Id("u").Dot(method).Call(Lit(f.Attr), Id("av"), Err()),
				Return(Id("u")),
			}
		}
		out = append(out, doc(fmt.Sprintf("Set%s sets %s (attribute %q).", g, g, f.Attr)).
			Func().Add(recv()).Id("Set"+g).Params(Id("v").Add(typeCode(f.Type))).Op("*").Id(up).Block(record("set", Id("v"))...))
		if numberField(f) {
			elem, val := f.Type, Id("v")
			if elem.Kind == tags.KindPtr {
				elem, val = elem.Elem, Op("&").Id("v")
			}
			out = append(out, doc(
				fmt.Sprintf("Add%s adds v to %s (attribute %q) atomically; a missing attribute counts as 0.", g, g, f.Attr),
			).Func().Add(recv()).Id("Add"+g).Params(Id("v").Add(typeCode(elem))).Op("*").Id(up).Block(record("add", val)...))
		}
		if setField(f) {
			out = append(out, doc(
				fmt.Sprintf("Add%s adds the elements of v to the set %s (attribute %q).", g, g, f.Attr),
			).Func().Add(recv()).Id("Add"+g).Params(Id("v").Add(typeCode(f.Type))).Op("*").Id(up).Block(record("add", Id("v"))...))
			out = append(out, doc(
				fmt.Sprintf("Delete%s removes the elements of v from the set %s (attribute %q).", g, g, f.Attr),
			).Func().Add(recv()).Id("Delete"+g).Params(Id("v").Add(typeCode(f.Type))).Op("*").Id(up).Block(record("del", Id("v"))...))
		}
		out = append(out, doc(fmt.Sprintf("Remove%s removes %s (attribute %q) from the item.", g, g, f.Attr)).
			Func().Add(recv()).Id("Remove"+g).Params().Op("*").Id(up).Block(
			Id("u").Dot("upd").Dot("Remove").Call(Lit(f.Attr)),
			Return(Id("u")),
		))
	}

	opts := Dict{Id("KeyAttrs"): Id(keyAttrsVar(t)), Id("Upsert"): Id("u").Dot("upsert")}
	if ver != nil {
		opts[Id("VersionAttr")] = Lit(ver.Attr)
		opts[Id("PrevVersion")] = Id("u").Dot("prev")
	}
	out = append(out, doc(
		fmt.Sprintf("Exec applies the update and returns the %s as stored afterwards.", n),
	).Func().Add(recv()).Id("Exec").Params(Id("ctx").Qual(pkgContext, "Context")).Params(Op("*").Add(modelType(t)), Error()).Block(
		If(Id("u").Dot("err").Op("!=").Nil()).Block(
			Return(Nil(), Qual(pkgDDB, "NewItemError").Call(Lit("UpdateItem"), Id("u").Dot("store").Dot("table"), Id("u").Dot("key"), Id("u").Dot("err"))),
		),
		List(Id("item"), Err()).Op(":=").Qual(pkgDDB, "UpdateItem").Call(Id("ctx"), Id("u").Dot("store").Dot("client"), Id("u").Dot("store").Dot("table"), Id("u").Dot("key"), Op("&").Id("u").Dot("upd"), Qual(pkgDDB, "UpdateOptions").Values(opts)),
		If(Err().Op("!=").Nil()).Block(Return(Nil(), Err())),
		Id("v").Op(":=").New(modelType(t)),
		If(Err().Op(":=").Id("v").Dot("UnmarshalItem").Call(Id("item")), Err().Op("!=").Nil()).Block(
			Return(Nil(), Qual(pkgDDB, "NewItemError").Call(Lit("UpdateItem"), Id("u").Dot("store").Dot("table"), Id("u").Dot("key"), Err())),
		),
		Return(Id("v"), Nil()),
	))
	return out
}
