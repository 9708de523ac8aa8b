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
	out = append(out, tableDecl(t))
	return append(out, storeDecls2(t)...)
}

// ---- names -------------------------------------------------------------------

func storeName(t *tags.Table) string   { return typeName(t) + "Store" }
func roStoreName(t *tags.Table) string { return typeName(t) + "ReadOnlyStore" }
func keyTypeName(t *tags.Table) string { return typeName(t) + "Key" }
func tableVar(t *tags.Table) string    { return lowerFirst(typeName(t)) + "Table" }

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
var paramNames = map[string]bool{"ctx": true, "s": true, "v": true, "k": true, "c": true, "dst": true, "opts": true, "r": true, "w": true, "keys": true, "items": true, "puts": true, "deletes": true, "ddb": true, "types": true, "context": true, "time": true, "expectedVersion": true, "client": true, "table": true}

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
	items := make([]Code, len(keys))
	for i, k := range keys {
		items[i] = Lit(k.Field.Attr).Op(":").Add(keyValue(k, value(k)))
	}
	return Map(String()).Qual(pkgTypes, "AttributeValue").Custom(Options{Open: "{", Close: "}", Separator: ",", Multi: true}, items...)
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
		return Qual(pkgDDB, "KeyAttr").Values(Id("Name").Op(":").Lit(k.Field.Attr), Id("Type").Op(":").Qual(pkgTypes, "ScalarAttributeType"+string(k.Type)))
	}
	projType := map[tags.ProjectionType]string{tags.ProjectKeysOnly: "ProjectionTypeKeysOnly", tags.ProjectAll: "ProjectionTypeAll", tags.ProjectInclude: "ProjectionTypeInclude"}
	indexes := func(ixs []*tags.Index) *Statement {
		var elems []Code
		for _, ix := range ixs {
			d := []kv{{"Name", Lit(ix.Name)}, {"PK", keyAttr(ix.PK)}}
			if ix.SK != nil {
				d = append(d, kv{"SK", keyAttr(ix.SK)})
			}
			d = append(d, kv{"Projection", Qual(pkgTypes, projType[ix.Projection.Type])})
			if ix.Projection.Type == tags.ProjectInclude {
				var names []Code
				for _, n := range ix.Projection.NonKey {
					names = append(names, Lit(n))
				}
				d = append(d, kv{"NonKey", Index().String().Values(names...)})
			}
			elems = append(elems, literal(Null(), d...))
		}
		return Index().Qual(pkgDDB, "IndexSchema").Custom(Options{Open: "{", Close: "}", Separator: ",", Multi: true}, elems...)
	}
	d := []kv{{"Name", Lit(t.Name)}, {"PK", keyAttr(t.PK)}}
	if t.SK != nil {
		d = append(d, kv{"SK", keyAttr(t.SK)})
	}
	if len(t.LSIs) > 0 {
		d = append(d, kv{"LSIs", indexes(t.LSIs)})
	}
	if len(t.GSIs) > 0 {
		d = append(d, kv{"GSIs", indexes(t.GSIs)})
	}
	streams := map[tags.StreamView]string{tags.StreamKeysOnly: "StreamViewTypeKeysOnly", tags.StreamNewImage: "StreamViewTypeNewImage", tags.StreamOldImage: "StreamViewTypeOldImage", tags.StreamNewAndOld: "StreamViewTypeNewAndOldImages"}
	if s, ok := streams[t.Stream]; ok {
		d = append(d, kv{"StreamView", Qual(pkgTypes, s)})
	}
	if t.TTL != nil {
		d = append(d, kv{"TTL", Lit(t.TTL.Attr)})
	}
	if t.Version != nil {
		d = append(d, kv{"Version", Lit(t.Version.Attr)})
	}
	n := typeName(t)
	return doc(
		fmt.Sprintf("%sSchema is the shape of the %q table: ddb.CreateTable(ctx, client, %sSchema, name)", n, t.Name, n),
		"creates it, with its indexes and TTL, on a DynamoDB-compatible server (tests, local development).",
	).Var().Id(n + "Schema").Op("=").Add(literal(Qual(pkgDDB, "TableSchema"), d...))
}

// ---- keys and table ------------------------------------------------------------

// keyDecls emits the key type:
//
//	// OrderKey is the primary key of an Order item.
//	type OrderKey struct {
//		CustomerID string // customer_id
//		OrderDate  string // order_date
//	}
//
//	// OrderKeyOf returns the primary key of v.
//	func OrderKeyOf(v *Order) OrderKey { return OrderKey{CustomerID: v.CustomerID, OrderDate: v.OrderDate} }
//
//	//go:noinline
//	func (k OrderKey) attributes() map[string]types.AttributeValue {
//		return map[string]types.AttributeValue{"customer_id": ddb.S(k.CustomerID), "order_date": ddb.S(k.OrderDate)}
//	}
func keyDecls(t *tags.Table) []Code {
	n := typeName(t)
	kt := keyTypeName(t)
	var fields []Code
	var of []kv
	for _, k := range tableKeys(t) {
		fields = append(fields, Id(fieldIdent(t.Struct, k.Field)).Add(typeCode(k.Field.Type)).Comment(k.Field.Attr))
		of = append(of, kv{fieldIdent(t.Struct, k.Field), fieldSel(Id("v"), k.Field)})
	}
	return []Code{
		doc(fmt.Sprintf("%s is the primary key of %s %s item.", kt, article(n), n)).
			Type().Id(kt).Struct(fields...),
		doc(fmt.Sprintf("%sOf returns the primary key of v.", kt)).
			Func().Id(kt + "Of").Params(Id("v").Op("*").Add(modelType(t))).Id(kt).Block(
			Return(literal(Id(kt), of...)),
		),
		doc("attributes returns the key as the table stores it. Not inlined: a dozen store methods call it,", "and inlining its map literal into each only slows the build.", "", "//go:noinline").
			Func().Params(Id("k").Id(kt)).Id("attributes").Params().Map(String()).Qual(pkgTypes, "AttributeValue").Block(
			Return(keyMap(tableKeys(t), func(k *tags.Key) *Statement { return Id("k").Dot(fieldIdent(t.Struct, k.Field)) })),
		),
	}
}

// keyLit is the key of the positional parameters: OrderKey{CustomerID: customerID, OrderDate: orderDate}.
func keyLit(t *tags.Table) *Statement {
	var d []Code
	for _, k := range tableKeys(t) {
		d = append(d, Id(fieldIdent(t.Struct, k.Field)).Op(":").Id(paramName(k.Field)))
	}
	return Id(keyTypeName(t)).Values(d...)
}

// tableDecl describes the table to the runtime:
//
//	// orderTable describes the table to the runtime: schema, model, version.
//	var orderTable = ddb.NewTable(OrderSchema, (*Order)(nil), ddb.VersionOf(func(v any) *int64 {
//		return &v.(*Order).Version
//	}))
func tableDecl(t *tags.Table) Code {
	var version Code = Nil()
	if t.Version != nil {
		version = Qual(pkgDDB, "VersionOf").Call(
			Func().Params(Id("v").Any()).Op("*").Add(typeCode(t.Version.Type)).Block(
				Return(Op("&").Add(fieldSel(Id("v").Assert(Op("*").Add(modelType(t))), t.Version))),
			),
		)
	}
	return doc(fmt.Sprintf("%s describes the table to the runtime: schema, model, version.", tableVar(t))).
		Var().Id(tableVar(t)).Op("=").Qual(pkgDDB, "NewTable").Call(
		Id(typeName(t)+"Schema"),
		Parens(Op("*").Add(modelType(t))).Parens(Nil()),
		version,
	)
}

// keyArg is the key attributes of the positional key parameters:
// OrderKey{CustomerID: customerID, OrderDate: orderDate}.attributes().
func keyArg(t *tags.Table) *Statement { return keyLit(t).Dot("attributes").Call() }

// ---- stores --------------------------------------------------------------------

// method is a generated method of the store: its signature (also listed in
// the read-only interface when read) and its body.
type method struct {
	name      string
	doc       []string
	params    []Code
	results   []Code
	body      []Code
	read      bool // in OrderReadOnlyStore
	signature *Statement
}

func (m method) decl(t *tags.Table) Code {
	return doc(m.doc...).Func().Params(Id("s").Op("*").Id(storeName(t))).Id(m.name).Params(m.params...).Params(m.results...).Block(m.body...)
}

func (m method) sig() Code { return Id(m.name).Params(m.params...).Params(m.results...) }

// readMethods are the read side: positional Get, BatchGet and the queries and
// scans (see queryDecls), each a call of a generic runtime function on the
// store's ddb.Reader:
//
//	func (s *OrderStore) Get(ctx context.Context, customerID string, orderDate string, opts ...ddb.ReadOption) (*Order, error) {
//		return ddb.Get(ctx, &s.r, OrderKey{CustomerID: customerID, OrderDate: orderDate}.attributes(), opts, new(Order))
//	}
//	func (s *OrderStore) BatchGet(ctx context.Context, keys []OrderKey, opts ...ddb.ReadOption) ([]Order, error)
//	func (s *OrderStore) TableName() string
func readMethods(t *tags.Table) []method {
	n := typeName(t)
	ctx := func() *Statement { return Id("ctx").Qual(pkgContext, "Context") }
	readOpts := func() *Statement { return Id("opts").Op("...").Qual(pkgDDB, "ReadOption") }
	return []method{
		{
			name: "TableName", read: true,
			doc:     []string{"TableName returns the physical name of the table."},
			results: []Code{String()},
			body:    []Code{Return(Id("s").Dot("r").Dot("TableName").Call())},
		},
		{
			name: "Get", read: true,
			doc: []string{
				fmt.Sprintf("Get reads the %s with the given key; ddb.ConsistentRead() asks for a strongly", n),
				"consistent read, ddb.Select(...) for some attributes. A missing item is an error",
				"wrapping ddb.ErrNotFound.",
			},
			params:  append(append([]Code{ctx()}, keyParams(tableKeys(t))...), readOpts()),
			results: []Code{Op("*").Add(modelType(t)), Error()},
			body:    []Code{Return(Qual(pkgDDB, "Get").Call(Id("ctx"), Op("&").Id("s").Dot("r"), keyArg(t), Id("opts"), New(modelType(t))))},
		},
		{
			name: "BatchGet", read: true,
			doc: []string{
				fmt.Sprintf("BatchGet reads the %s items with the given keys, 100 keys per request, retrying", n),
				"unprocessed keys with backoff until done or ctx ends. Items come back in the order",
				"of keys; keys without an item are left out. On failure the items read so far come",
				"with a *ddb.BatchGetError listing the keys not read.",
			},
			params:  []Code{ctx(), Id("keys").Index().Id(keyTypeName(t)), readOpts()},
			results: []Code{Index().Add(modelType(t)), Error()},
			body:    []Code{Return(Qual(pkgDDB, "GetBatch").Types(modelType(t)).Call(Id("ctx"), Op("&").Id("s").Dot("r"), Qual(pkgDDB, "Keys").Call(Id("keys"), Id(keyTypeName(t)).Dot("attributes")), Id("opts")))},
		},
		{
			name: "TxGet", read: true,
			doc: []string{
				fmt.Sprintf("TxGet reads the %s with the given key into dst as one read of ddb.ReadTx.", n),
			},
			params:  append(append([]Code{Id("dst").Op("*").Add(modelType(t))}, keyParams(tableKeys(t))...), readOpts()),
			results: []Code{Qual(pkgDDB, "TxGetAction")},
			body:    []Code{Return(Qual(pkgDDB, "TxGet").Call(Op("&").Id("s").Dot("r"), Id("dst"), keyArg(t), Id("opts")))},
		},
	}
}

// storeDecls emits the store, its read-only view and their methods:
//
//	// OrderStore reads and writes the "orders" table.
//	type OrderStore struct {
//		r ddb.Reader
//		w ddb.Writer
//	}
//
//	// OrderReadOnlyStore reads the "orders" table: Get, BatchGet, queries and scans.
//	// It has no write methods, so code given one cannot write to the table.
//	// *OrderStore is one.
//	type OrderReadOnlyStore interface {
//		TableName() string
//		Get(ctx context.Context, customerID string, orderDate string, opts ...ddb.ReadOption) (*Order, error)
//		...
//	}
//
//	func NewOrderStore(client ddb.API, table string) *OrderStore
//	func OpenOrderStore(client ddb.API) (*OrderStore, error)  // table from STLV_ORDERS_TABLE_NAME
//	func NewOrderReadOnlyStore(client ddb.ReadAPI, table string) OrderReadOnlyStore
//	func OpenOrderReadOnlyStore(client ddb.ReadAPI) (OrderReadOnlyStore, error)
func storeDecls2(t *tags.Table) []Code {
	st, ro := storeName(t), roStoreName(t)
	vars, queries := queryMethods(t)
	reads := append(readMethods(t), queries...)
	writes := writeMethods(t)
	var sigs []Code
	for _, m := range reads {
		sigs = append(sigs, m.sig())
	}
	out := []Code{
		doc(
			fmt.Sprintf("%s reads and writes the %q table. Where code must only read, hand it", st, t.Name),
			fmt.Sprintf("as %s.", ro),
		).Type().Id(st).Struct(Id("r").Qual(pkgDDB, "Reader"), Id("w").Qual(pkgDDB, "Writer")),
		doc(
			fmt.Sprintf("%s reads the %q table: Get, BatchGet, queries and scans. It has no", ro, t.Name),
			fmt.Sprintf("write methods, so code given one cannot write to the table. *%s is one.", st),
		).Type().Id(ro).Interface(sigs...),
		doc(fmt.Sprintf("New%s uses the table with the physical name table through client.", st)).
			Func().Id("New"+st).Params(Id("client").Qual(pkgDDB, "API"), Id("table").String()).Op("*").Id(st).Block(
			Id("s").Op(":=").New(Id(st)),
			Qual(pkgDDB, "InitStore").Call(Op("&").Id("s").Dot("r"), Op("&").Id("s").Dot("w"), Id("client"), Id("table"), Id(tableVar(t))),
			Return(Id("s")),
		),
		openFunc(t, st, "API", Op("*").Id(st)),
		doc(fmt.Sprintf("New%s reads the table with the physical name table through client.", ro)).
			Func().Id("New"+ro).Params(Id("client").Qual(pkgDDB, "ReadAPI"), Id("table").String()).Id(ro).Block(
			Id("s").Op(":=").New(Id(st)),
			Qual(pkgDDB, "InitReader").Call(Op("&").Id("s").Dot("r"), Id("client"), Id("table"), Id(tableVar(t))),
			Return(Id("s")),
		),
		openFunc(t, ro, "ReadAPI", Id(ro)),
		Var().Defs(vars...),
	}
	for _, m := range reads {
		out = append(out, m.decl(t))
	}
	for _, m := range writes {
		out = append(out, m.decl(t))
	}
	return out
}

// openFunc emits the constructor that finds the table through its link:
//
//	// OpenOrderStore uses the linked table whose name is in STLV_ORDERS_TABLE_NAME (set
//	// by linking the table to the function); the error names the variable when it is unset.
//	func OpenOrderStore(client ddb.API) (*OrderStore, error) {
//		table, err := ddb.TableNameFromEnv(OrderTableName)
//		if err != nil {
//			return nil, err
//		}
//		return NewOrderStore(client, table), nil
//	}
func openFunc(t *tags.Table, store, api string, result *Statement) Code {
	return doc(
		fmt.Sprintf("Open%s uses the linked table whose name is in %s (set", store, "STLV_"+envName(t.Name)+"_TABLE_NAME"),
		"by linking the table to the function); the error names the variable when it is unset.",
	).Func().Id("Open"+store).Params(Id("client").Qual(pkgDDB, api)).Params(result, Error()).Block(
		List(Id("table"), Err()).Op(":=").Qual(pkgDDB, "TableNameFromEnv").Call(Id(typeName(t)+"TableName")),
		If(Err().Op("!=").Nil()).Block(Return(Nil(), Err())),
		Return(Id("New"+store).Call(Id("client"), Id("table")), Nil()),
	)
}

// writeMethods are the write side, each a call of a generic runtime
// function on the store's ddb.Writer:
//
//	func (s *OrderStore) Put(ctx context.Context, v *Order, opts ...ddb.WriteOption) error {
//		return ddb.Put(ctx, &s.w, v, opts)
//	}
//	func (s *OrderStore) Create(ctx context.Context, v *Order, opts ...ddb.WriteOption) error
//	func (s *OrderStore) Delete(ctx context.Context, customerID string, orderDate string, opts ...ddb.WriteOption) error
//	func (s *OrderStore) DeleteVersion(ctx context.Context, customerID string, orderDate string, expectedVersion int64, opts ...ddb.WriteOption) error
//	func (s *OrderStore) Update(ctx context.Context, customerID string, orderDate string, expectedVersion int64, opts ...ddb.UpdateOption) (*Order, error)
//	func (s *OrderStore) UpdateAnyVersion(ctx context.Context, customerID string, orderDate string, opts ...ddb.UpdateOption) (*Order, error)
//	func (s *OrderStore) BatchWrite(ctx context.Context, puts []Order, deletes []OrderKey, opts ...ddb.BatchOption) error
//	func (s *OrderStore) BatchPut(ctx context.Context, items []Order, opts ...ddb.BatchOption) error
//	func (s *OrderStore) BatchDelete(ctx context.Context, keys []OrderKey, opts ...ddb.BatchOption) error
//
// and the transaction actions TxPut, TxCreate, TxDelete, TxCheck, TxUpdate
// (and TxDeleteVersion, TxUpdateAnyVersion on versioned tables).
//
// On a versioned table Update takes expectedVersion (ddb.UpdateVersion) and
// UpdateAnyVersion (ddb.UpdateAnyVersion) takes none: a method of its own,
// not an option, so skipping the check is always written out at the call
// site and no option passed along by accident turns it off.
func writeMethods(t *tags.Table) []method {
	n := typeName(t)
	ctx := func() *Statement { return Id("ctx").Qual(pkgContext, "Context") }
	w := func() *Statement { return Op("&").Id("s").Dot("w") }
	writeOpts := func() *Statement { return Id("opts").Op("...").Qual(pkgDDB, "WriteOption") }
	batchOpts := func() *Statement { return Id("opts").Op("...").Qual(pkgDDB, "BatchOption") }
	keys := func() []Code { return keyParams(tableKeys(t)) }
	item := func() *Statement { return Id("v").Op("*").Add(modelType(t)) }
	ver := t.Version
	var putDoc, createDoc []string
	if ver == nil {
		putDoc = []string{fmt.Sprintf("Put writes v, replacing any stored %s with its key; ddb.If(...) makes it", n), "conditional, ddb.ReturnOld(&old) returns the item it replaced."}
		createDoc = []string{fmt.Sprintf("Create writes v only if no %s with its key exists; otherwise the error", n), "wraps ddb.ErrConditionFailed."}
	} else {
		g := ver.GoName()
		putDoc = []string{
			fmt.Sprintf("Put writes v, replacing the stored %s with its key, with optimistic locking:", n),
			fmt.Sprintf("it succeeds only if the stored item still has version v.%s (when v.%s is 0:", g, g),
			fmt.Sprintf("if none exists, or it has version 0 as BatchWrite leaves it), and then increments v.%s.", g),
			"Otherwise nothing is written and the error wraps ddb.ErrVersionConflict. ddb.If(...) adds a condition.",
		}
		createDoc = []string{fmt.Sprintf("Create writes v only if no %s with its key exists (incrementing v.%s on", n, g), "success); otherwise the error wraps ddb.ErrConditionFailed."}
	}
	out := []method{
		{name: "Put", doc: putDoc, params: []Code{ctx(), item(), writeOpts()}, results: []Code{Error()},
			body: []Code{Return(Qual(pkgDDB, "Put").Call(Id("ctx"), w(), Id("v"), Id("opts")))}},
		{name: "Create", doc: createDoc, params: []Code{ctx(), item(), writeOpts()}, results: []Code{Error()},
			body: []Code{Return(Qual(pkgDDB, "Create").Call(Id("ctx"), w(), Id("v"), Id("opts")))}},
		{name: "Delete", doc: deleteDoc(n, ver), params: append(append([]Code{ctx()}, keys()...), writeOpts()), results: []Code{Error()},
			body: []Code{Return(Qual(pkgDDB, "Delete").Call(Id("ctx"), w(), keyArg(t), Id("opts")))}},
	}
	updateOpts := func() *Statement { return Id("opts").Op("...").Qual(pkgDDB, "UpdateOption") }
	if ver == nil {
		out = append(out, method{name: "Update", doc: []string{
			fmt.Sprintf("Update applies to the %s with the given key the actions among opts, made by", n),
			fmt.Sprintf("the handles of %s (%s.X.Set(v)), and returns the item as stored", attrsName(t), attrsName(t)),
			"afterwards (see ddb.Return). It fails with ddb.ErrNotFound when no such item",
			"exists, unless ddb.Upsert() is among opts. One action per attribute.",
		}, params: append(append([]Code{ctx()}, keys()...), updateOpts()), results: []Code{Op("*").Add(modelType(t)), Error()},
			body: []Code{Return(Qual(pkgDDB, "Update").Call(Id("ctx"), w(), keyArg(t), Id("opts"), New(modelType(t))))}})
	} else {
		expected, asInt := versionParam(ver)
		out = append(out,
			method{name: "DeleteVersion", doc: []string{
				fmt.Sprintf("DeleteVersion deletes the %s with the given key only if its %s is", n, ver.GoName()),
				"expectedVersion; otherwise the error wraps ddb.ErrVersionConflict (and",
				"ddb.ErrNotFound when no such item exists, whatever expectedVersion).",
			}, params: append(append(append([]Code{ctx()}, keys()...), expected()), writeOpts()), results: []Code{Error()},
				body: []Code{Return(Qual(pkgDDB, "DeleteVersion").Call(Id("ctx"), w(), keyArg(t), asInt(), Id("opts")))}},
			method{name: "Update", doc: []string{
				fmt.Sprintf("Update applies to the %s with the given key the actions among opts, made by", n),
				fmt.Sprintf("the handles of %s (%s.X.Set(v)), with optimistic locking: only if the", attrsName(t), attrsName(t)),
				fmt.Sprintf("stored %s is expectedVersion, which it increments. It returns the item as", ver.GoName()),
				"stored afterwards (see ddb.Return). Otherwise the error wraps ddb.ErrVersionConflict",
				"(ddb.ErrNotFound when no such item exists). One action per attribute; for writes",
				"whose safety is a condition rather than a version, see UpdateAnyVersion.",
			}, params: append(append(append([]Code{ctx()}, keys()...), expected()), updateOpts()), results: []Code{Op("*").Add(modelType(t)), Error()},
				body: []Code{Return(Qual(pkgDDB, "UpdateVersion").Call(Id("ctx"), w(), keyArg(t), asInt(), Id("opts"), New(modelType(t))))}},
			method{name: "UpdateAnyVersion", doc: []string{
				"UpdateAnyVersion is Update without the version check, for writes whose safety is a",
				fmt.Sprintf("condition (ddb.If) or that commute (counters, stock): it applies at whatever %s", ver.GoName()),
				fmt.Sprintf("is stored and increments it in the same request, so a writer holding an older %s", ver.GoName()),
				fmt.Sprintf("gets ddb.ErrVersionConflict. ddb.Upsert() creates a missing item at %s 1.", ver.GoName()),
			}, params: append(append([]Code{ctx()}, keys()...), updateOpts()), results: []Code{Op("*").Add(modelType(t)), Error()},
				body: []Code{Return(Qual(pkgDDB, "UpdateAnyVersion").Call(Id("ctx"), w(), keyArg(t), Id("opts"), New(modelType(t))))}},
		)
	}
	tx := func() *Statement { return Qual(pkgDDB, "TxAction") }
	out = append(out,
		method{name: "TxPut", doc: []string{"TxPut is Put as an action of ddb.WriteTx."}, params: []Code{item(), writeOpts()}, results: []Code{tx()},
			body: []Code{Return(Qual(pkgDDB, "TxPut").Call(w(), Id("v"), Id("opts")))}},
		method{name: "TxCreate", doc: []string{"TxCreate is Create as an action of ddb.WriteTx."}, params: []Code{item(), writeOpts()}, results: []Code{tx()},
			body: []Code{Return(Qual(pkgDDB, "TxCreate").Call(w(), Id("v"), Id("opts")))}},
		method{name: "TxDelete", doc: []string{"TxDelete is Delete as an action of ddb.WriteTx."}, params: append(keys(), writeOpts()), results: []Code{tx()},
			body: []Code{Return(Qual(pkgDDB, "TxDelete").Call(w(), keyArg(t), Id("opts")))}},
		method{name: "TxCheck", doc: []string{
			fmt.Sprintf("TxCheck is an action of ddb.WriteTx that writes nothing: the transaction happens only"),
			fmt.Sprintf("if c holds for the %s with the given key.", n),
		}, params: append(keys(), Id("c").Qual(pkgDDB, "Cond")), results: []Code{tx()},
			body: []Code{Return(Qual(pkgDDB, "TxCheck").Call(w(), keyArg(t), Id("c")))}},
	)
	if ver == nil {
		out = append(out, method{name: "TxUpdate", doc: []string{"TxUpdate is Update as an action of ddb.WriteTx."}, params: append(keys(), updateOpts()), results: []Code{tx()},
			body: []Code{Return(Qual(pkgDDB, "TxUpdate").Call(w(), keyArg(t), Id("opts")))}})
	} else {
		expected, asInt := versionParam(ver)
		out = append(out,
			method{name: "TxDeleteVersion", doc: []string{"TxDeleteVersion is DeleteVersion as an action of ddb.WriteTx."}, params: append(append(keys(), expected()), writeOpts()), results: []Code{tx()},
				body: []Code{Return(Qual(pkgDDB, "TxDeleteVersion").Call(w(), keyArg(t), asInt(), Id("opts")))}},
			method{name: "TxUpdate", doc: []string{"TxUpdate is Update as an action of ddb.WriteTx, with optimistic locking."}, params: append(append(keys(), expected()), updateOpts()), results: []Code{tx()},
				body: []Code{Return(Qual(pkgDDB, "TxUpdateVersion").Call(w(), keyArg(t), asInt(), Id("opts")))}},
			method{name: "TxUpdateAnyVersion", doc: []string{"TxUpdateAnyVersion is UpdateAnyVersion as an action of ddb.WriteTx."}, params: append(keys(), updateOpts()), results: []Code{tx()},
				body: []Code{Return(Qual(pkgDDB, "TxUpdateAnyVersion").Call(w(), keyArg(t), Id("opts")))}},
		)
	}
	batchNote := ""
	if ver != nil {
		batchNote = " Batch writes cannot be conditional: items are written with their " + ver.GoName() + " as is."
	}
	return append(out,
		method{name: "BatchWrite", doc: []string{
			fmt.Sprintf("BatchWrite puts puts and deletes the %s items with the keys deletes, 25 per", n),
			"request, retrying unprocessed ones with backoff until done or ctx ends. On failure",
			"the error is a *ddb.BatchWriteError whose Unwritten indexes puts followed by deletes." + batchNote,
		}, params: []Code{ctx(), Id("puts").Index().Add(modelType(t)), Id("deletes").Index().Id(keyTypeName(t)), batchOpts()}, results: []Code{Error()},
			body: []Code{Return(Qual(pkgDDB, "WriteBatch").Call(Id("ctx"), w(), Id("puts"), Qual(pkgDDB, "Keys").Call(Id("deletes"), Id(keyTypeName(t)).Dot("attributes")), Id("opts")))}},
		method{name: "BatchPut", doc: []string{"BatchPut is BatchWrite with puts only."}, params: []Code{ctx(), Id("items").Index().Add(modelType(t)), batchOpts()}, results: []Code{Error()},
			body: []Code{Return(Id("s").Dot("BatchWrite").Call(Id("ctx"), Id("items"), Nil(), Id("opts").Op("...")))}},
		method{name: "BatchDelete", doc: []string{"BatchDelete is BatchWrite with deletes only."}, params: []Code{ctx(), Id("keys").Index().Id(keyTypeName(t)), batchOpts()}, results: []Code{Error()},
			body: []Code{Return(Id("s").Dot("BatchWrite").Call(Id("ctx"), Nil(), Id("keys"), Id("opts").Op("...")))}},
	)
}

// deleteDoc is Delete's doc comment; on a versioned table it says that it
// checks no version.
func deleteDoc(n string, ver *tags.Field) []string {
	if ver == nil {
		return []string{fmt.Sprintf("Delete deletes the %s with the given key; deleting a missing item succeeds", n), "unless a condition (ddb.If) says otherwise."}
	}
	return []string{
		fmt.Sprintf("Delete deletes the %s with the given key at any %s (see DeleteVersion);", n, ver.GoName()),
		"deleting a missing item succeeds unless a condition (ddb.If) says otherwise.",
	}
}

// versionParam is the expectedVersion parameter of versioned methods, typed
// as the version field, and the expression passing it on as an int64.
func versionParam(ver *tags.Field) (param, asInt func() *Statement) {
	param = func() *Statement { return Id("expectedVersion").Add(typeCode(ver.Type)) }
	asInt = func() *Statement {
		if ver.Type.Name == "" && ver.Type.Basic == "int64" {
			return Id("expectedVersion")
		}
		return Int64().Call(Id("expectedVersion"))
	}
	return param, asInt
}
