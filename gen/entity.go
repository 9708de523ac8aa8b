package gen

import (
	"fmt"
	"strings"

	. "github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/runtime/keys"
	"github.com/stelviogen/stelviogen/tags"
)

// Single-table design: an entity table (tags.Table.Entities) generates one
// file for the table (constants, schema, the store of its collections, the
// stream handler) and one per entity (codec, key, store, queries). Generated
// code declares; runtime/ddb's Entity, ReadEntity, ReadCollection and
// UpdateEntity work.

const pkgKeys = "github.com/stelviogen/stelviogen/runtime/keys"

// effectiveTable is the table as the schema and infra code see it: the TTL
// attribute of its entities, and the type attribute projected into every
// INCLUDE index, so that items read from one decode as their entity.
func effectiveTable(t *tags.Table) *tags.Table {
	eff := *t
	for _, e := range t.Entities {
		if e.TTL != nil && eff.TTL == nil {
			eff.TTL = e.TTL
		}
	}
	eff.LSIs, eff.GSIs = projectType(t, t.LSIs), projectType(t, t.GSIs)
	return &eff
}

func projectType(t *tags.Table, ixs []*tags.Index) []*tags.Index {
	out := make([]*tags.Index, len(ixs))
	for i, ix := range ixs {
		c := *ix
		if c.Projection.Type == tags.ProjectInclude && !containsString(c.Projection.NonKey, t.TypeAttr) {
			c.Projection.NonKey = append(append([]string{}, c.Projection.NonKey...), t.TypeAttr)
		}
		out[i] = &c
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// entityPkg is pkg as the codec and handle generators see it when it has
// entity tables: each entity's struct stands for a table of its own, so its
// nested structs get codecs and handles.
func entityPkg(pkg *tags.Package) *tags.Package {
	any := false
	for _, t := range pkg.Tables {
		any = any || t.IsEntityTable()
	}
	if !any {
		return pkg
	}
	p := *pkg
	p.Tables = nil
	for _, t := range pkg.Tables {
		if !t.IsEntityTable() {
			p.Tables = append(p.Tables, t)
			continue
		}
		for _, e := range t.Entities {
			p.Tables = append(p.Tables, &tags.Table{Name: t.Name, Struct: e.Struct, PK: t.PK, SK: t.SK})
		}
	}
	return &p
}

// entityOwners maps each entity to the nested structs whose codec goes in
// its file (computed on entityPkg's stand-in tables).
func entityOwners(epkg *tags.Package, pkg *tags.Package) map[*tags.Entity][]*tags.Struct {
	owners := structOwners(epkg)
	out := map[*tags.Entity][]*tags.Struct{}
	for _, st := range epkg.Tables {
		for _, t := range pkg.Tables {
			for _, e := range t.Entities {
				if e.Struct == st.Struct {
					out[e] = owners[st]
				}
			}
		}
	}
	return out
}

// ---- names -----------------------------------------------------------------------

func entName(e *tags.Entity) string      { return e.Struct.Name }
func entVar(e *tags.Entity) string       { return lowerFirst(entName(e)) + "Entity" }
func entTableVar(e *tags.Entity) string  { return lowerFirst(entName(e)) + "Table" }
func entStore(e *tags.Entity) string     { return entName(e) + "Store" }
func entKeyType(e *tags.Entity) string   { return entName(e) + "Key" }
func entModel(e *tags.Entity) *Statement { return Qual(e.Struct.PkgPath, e.Struct.Name) }
func tmplVar(e *tags.Entity, k *tags.KeyTemplate) string {
	return lowerFirst(entName(e)) + camel(k.Attr.Attr) + "Tmpl"
}
func ixVar(t *tags.Table, ix *tags.Index) string {
	if ix == nil {
		return lowerFirst(typeName(t)) + "Primary"
	}
	return lowerFirst(typeName(t)) + indexIdent(ix)
}

// primaryKeys are the entity's templates of the table's own key.
func primaryKeys(e *tags.Entity) []*tags.KeyTemplate {
	var out []*tags.KeyTemplate
	for _, k := range e.Keys {
		if k.Index == nil {
			out = append(out, k)
		}
	}
	return out
}

// distinctKeys are e's templates, one per key attribute, in order: an
// attribute that keys several indexes (the table's sort key that is also an
// inverted index's partition key) has one KeyTemplate per key slot, all of the
// same text, and is written once. The one kept is the first (the table's key
// before an index's, so the attribute is never left out as a sparse index
// key), with the sort-key role when any slot is a sort key: the stricter
// length limit (1,024 bytes) holds for every index it keys.
func distinctKeys(e *tags.Entity) []*tags.KeyTemplate {
	var out []*tags.KeyTemplate
	at := map[*tags.Field]int{}
	for _, k := range e.Keys {
		i, ok := at[k.Attr]
		if !ok {
			at[k.Attr] = len(out)
			out = append(out, k)
			continue
		}
		if k.Role == keys.SortKey && out[i].Role != keys.SortKey {
			c := *out[i]
			c.Role, c.Template = keys.SortKey, k.Template
			out[i] = &c
		}
	}
	return out
}

// keyFieldsOf lists the distinct fields of templates, in order.
func keyFieldsOf(ks ...*tags.KeyTemplate) []*tags.Field {
	var out []*tags.Field
	for _, k := range ks {
		for _, f := range k.Fields {
			if !containsField(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

func containsField(list []*tags.Field, f *tags.Field) bool {
	for _, x := range list {
		if x == f {
			return true
		}
	}
	return false
}

// fieldParams are typed parameters named after fields: customerID string, placedAt time.Time.
func fieldParams(fs []*tags.Field) []Code {
	out := make([]Code, len(fs))
	for i, f := range fs {
		out[i] = Id(paramName(f)).Add(typeCode(f.Type))
	}
	return out
}

// builder fills template k from value(f) of each placeholder's field:
// orderSkTmpl.Begin(nil).Time(v.PlacedAt).Text(v.ID).
func builder(e *tags.Entity, k *tags.KeyTemplate, value func(f *tags.Field) *Statement) *Statement {
	return builderOn(e, k, value, Nil())
}

// builderOn is builder appending to buf.
func builderOn(e *tags.Entity, k *tags.KeyTemplate, value func(f *tags.Field) *Statement, buf Code) *Statement {
	s := Id(tmplVar(e, k)).Dot("Begin").Call(buf)
	for i, f := range k.Fields {
		ph := k.Template.Fields[i]
		v := value(f)
		switch ph.Kind {
		case keys.KindString:
			if f.Type.Name != "" {
				v = String().Parens(v)
			}
			s = s.Dot("Text").Call(v)
		case keys.KindInt:
			s = s.Dot("Int").Call(Int64().Parens(v))
		case keys.KindUint:
			s = s.Dot("Uint").Call(Uint64().Parens(v))
		case keys.KindTime:
			s = s.Dot("Time").Call(v)
		case keys.KindFloat:
			if codecBits(f.Type) == 32 {
				s = s.Dot("Float32").Call(Float32().Parens(v))
			} else {
				s = s.Dot("Float64").Call(Float64().Parens(v))
			}
		case keys.KindCustom:
			s = s.Dot("Custom").Call(v.Dot("KeyText").Call())
		}
	}
	return s
}

func fromItem(f *tags.Field) *Statement  { return fieldSel(Id("v"), f) }
func fromParam(f *tags.Field) *Statement { return Id(paramName(f)) }

// ---- the table's file ------------------------------------------------------------

// entityTableFile is the model-package file of an entity table.
func entityTableFile(pkg *tags.Package, t *tags.Table, directJSON bool) *File {
	f := newFile(pkg.Name, pkg.Path)
	f.HeaderComment("//go:build !" + tags.AnalysisTag)
	f.ImportNames(map[string]string{pkgTypes: "types", pkgDDB: "ddb", pkgDDBJSON: "ddbjson", pkgEvents: "events", pkgKeys: "keys"})
	eff := effectiveTable(t)
	addDecls(f, descriptorDecls(t))
	addDecls(f, []Code{schemaDecl(eff)})
	addDecls(f, entityTableDecls(t))
	for _, c := range t.Collections {
		addDecls(f, collectionDecls(t, c, directJSON))
	}
	addDecls(f, entityStreamDecls(t))
	return f
}

// entityTableDecls: the runtime's table and indexes, and the table's store,
// which holds every entity's store and reads the collections:
//
//	var shopTable = ddb.NewTable(ShopSchema, nil, nil)
//	var shopEntities = []*ddb.Entity{customerEntity, orderEntity}
//	type ShopStore struct { r ddb.Reader; Customer *CustomerStore; Order *OrderStore }
//	func NewShopStore(client ddb.API, table string) *ShopStore
//	func OpenShopStore(client ddb.API) (*ShopStore, error)
func entityTableDecls(t *tags.Table) []Code {
	n := typeName(t)
	ixs := []Code{Id(ixVar(t, nil)).Op("=").Op("&").Qual(pkgDDB, "Index").Values(indexKV(nil, t)...)}
	for _, ix := range t.Indexes() {
		ixs = append(ixs, Id(ixVar(t, ix)).Op("=").Op("&").Qual(pkgDDB, "Index").Values(indexKV(ix, t)...))
	}
	var ents, fields, inits, roFields, roInits []Code
	for _, e := range t.Entities {
		roFields = append(roFields, Id(entName(e)).Id(entName(e)+"ReadOnlyStore"))
		roInits = append(roInits, Id("s").Dot(entName(e)).Op("=").Id("New"+entName(e)+"ReadOnlyStore").Call(Id("client"), Id("table")))
		ents = append(ents, Id(entVar(e)))
		fields = append(fields, Id(entName(e)).Op("*").Id(entStore(e)).Comment(fmt.Sprintf("the %q items", e.Name)))
		inits = append(inits, Id("s").Dot(entName(e)).Op("=").Id("New"+entStore(e)).Call(Id("client"), Id("table")))
	}
	store := n + "Store"
	return []Code{
		doc(fmt.Sprintf("%s describes the table to the runtime for its collections.", lowerFirst(n)+"Table")).
			Var().Id(lowerFirst(n)+"Table").Op("=").Qual(pkgDDB, "NewTable").Call(Id(n+"Schema"), Nil(), Nil()),
		doc(fmt.Sprintf("%s are the entities of table %q, in declaration order.", lowerFirst(n)+"Entities", t.Name)).
			Var().Id(lowerFirst(n)+"Entities").Op("=").Index().Op("*").Qual(pkgDDB, "Entity").Values(ents...),
		Var().Defs(ixs...),
		doc(fmt.Sprintf("%s reads and writes the %q table: a store per entity, and its collections.", store, t.Name)).
			Type().Id(store).Struct(append([]Code{Id("r").Qual(pkgDDB, "Reader")}, fields...)...),
		doc(fmt.Sprintf("New%s uses the table with the physical name table through client.", store)).
			Func().Id("New"+store).Params(Id("client").Qual(pkgDDB, "API"), Id("table").String()).Op("*").Id(store).Block(
			append(append([]Code{
				Id("s").Op(":=").New(Id(store)),
				Qual(pkgDDB, "InitReader").Call(Op("&").Id("s").Dot("r"), Id("client"), Id("table"), Id(lowerFirst(n)+"Table")),
			}, inits...), Return(Id("s")))...),
		openFunc2(n, store, "API"),
		openFunc2(n, n+"ReadOnlyStore", "ReadAPI"),
		doc(fmt.Sprintf("%sReadOnlyStore reads the %q table: a read-only store per entity, and its collections,", n, t.Name),
			"for functions with a read-only link.").
			Type().Id(n + "ReadOnlyStore").Struct(append([]Code{Id("r").Qual(pkgDDB, "Reader")}, roFields...)...),
		doc(fmt.Sprintf("New%sReadOnlyStore reads the table with the physical name table through client.", n)).
			Func().Id("New"+n+"ReadOnlyStore").Params(Id("client").Qual(pkgDDB, "ReadAPI"), Id("table").String()).Op("*").Id(n + "ReadOnlyStore").Block(
			append(append([]Code{
				Id("s").Op(":=").New(Id(n + "ReadOnlyStore")),
				Qual(pkgDDB, "InitReader").Call(Op("&").Id("s").Dot("r"), Id("client"), Id("table"), Id(lowerFirst(n)+"Table")),
			}, roInits...), Return(Id("s")))...),
	}
}

func openFunc2(n, store, api string) Code {
	return doc(fmt.Sprintf("Open%s uses the linked table whose name is in %sTableNameEnv (set by", store, n),
		"linking the table to the function); the error names the variable when it is unset.").
		Func().Id("Open"+store).Params(Id("client").Qual(pkgDDB, api)).Params(Op("*").Id(store), Error()).Block(
		List(Id("table"), Err()).Op(":=").Qual(pkgDDB, "TableNameFromEnv").Call(Id(n+"TableName")),
		If(Err().Op("!=").Nil()).Block(Return(Nil(), Err())),
		Return(Id("New"+store).Call(Id("client"), Id("table")), Nil()),
	)
}

func indexKV(ix *tags.Index, t *tags.Table) []Code {
	var out []Code
	pk, sk := t.PK, t.SK
	if ix != nil {
		out = append(out, Id("Name").Op(":").Id(typeName(t)+indexIdent(ix)))
		pk, sk = ix.PK, ix.SK
		if pk == nil {
			pk = t.PK
		}
	}
	out = append(out, Id("PK").Op(":").Lit(pk.Field.Attr))
	if sk != nil {
		out = append(out, Id("SK").Op(":").Lit(sk.Field.Attr))
	}
	return out
}

// collectionDecls declares a collection's item sum type, visitor, page and query:
//
//	type ShopCustomerItem interface{ isShopCustomerItem() }
//	type ShopCustomerVisitor interface { VisitCustomer(*Customer) error; VisitOrder(*Order) error }
//	type ShopCustomerPage struct { Customer []*Customer; Order []*Order; Items []ShopCustomerItem; Next string }
//	func (s *ShopStore) QueryCustomer(id string, opts ...ddb.TableQueryOption) *ShopCustomerQuery
func collectionDecls(t *tags.Table, c *tags.Collection, directJSON bool) []Code {
	n := typeName(t) + c.Name
	item, visitor, page, query := n+"Item", n+"Visitor", n+"Page", n+"Query"
	var names []string
	var visits, pageFields, adds, cases, members []Code
	for i, e := range c.Members {
		m := entName(e)
		names = append(names, "*"+m)
		visits = append(visits, Id("Visit"+m).Params(Op("*").Add(entModel(e))).Error())
		pageFields = append(pageFields, Id(m).Index().Op("*").Add(entModel(e)))
		adds = append(adds, Case(Lit(i)).Block(
			Id("v").Op(":=").New(entModel(e)),
			If(Err().Op(":=").Id("v").Dot("UnmarshalItem").Call(Id("item")), Err().Op("!=").Nil()).Block(Return(Err())),
			Id("p").Dot(m).Op("=").Append(Id("p").Dot(m), Id("v")),
			Id("p").Dot("Items").Op("=").Append(Id("p").Dot("Items"), Id("v")),
		))
		cases = append(cases, Case(Op("*").Add(entModel(e))).Block(Return(Id("v").Dot("Visit"+m).Call(Id("x")))))
		members = append(members, Id(entVar(e)))
	}
	var decls []Code
	decls = append(decls,
		doc(fmt.Sprintf("%s is one item of collection %s of table %q: %s. Its method is", item, c.Name, t.Name, strings.Join(names, ", ")),
			"unexported: no other type is one (a sealed sum type; switch on it, or Visit).").
			Type().Id(item).Interface(Id("is"+item).Params()),
	)
	for _, e := range c.Members {
		decls = append(decls, Func().Params(Op("*").Add(entModel(e))).Id("is"+item).Params().Block())
	}
	pk := c.Members[0].Key(partAttr(t, c.Index))
	params := fieldParams(pk.Fields)
	optType := "TableQueryOption"
	if c.Index != nil && c.Index.Kind == tags.GlobalIndex {
		optType = "QueryOption"
	}
	decls = append(decls,
		doc(fmt.Sprintf("%s handles every member of collection %s: adding a member to the collection", visitor, c.Name),
			"adds a method, so a visitor that does not handle it no longer compiles.").
			Type().Id(visitor).Interface(visits...),
		doc(fmt.Sprintf("Visit%s calls v's method for the member type of it.", n)).
			Func().Id("Visit"+n).Params(Id("it").Id(item), Id("v").Id(visitor)).Error().Block(
			Switch(Id("x").Op(":=").Id("it").Assert(Type())).Block(cases...),
			Return(Nil()),
		),
		doc(fmt.Sprintf("%s is one page of collection %s: each member's items, and all of them in sort order.", page, c.Name)).
			Type().Id(page).Struct(append(pageFields,
			Id("Items").Index().Id(item).Comment("in sort order"),
			Id("Next").String().Comment("cursor of the next page; \"\" at the end"),
		)...),
		Func().Params(Id("p").Op("*").Id(page)).Id("add").Params(Id("member").Int(), Id("item").Map(String()).Qual(pkgTypes, "AttributeValue")).Error().Block(
			Switch(Id("member")).Block(adds...),
			Return(Nil()),
		),
		doc("Visit calls v's method for each item of the page, in order, until one fails.").
			Func().Params(Id("p").Op("*").Id(page)).Id("Visit").Params(Id("v").Id(visitor)).Error().Block(
			For(List(Id("_"), Id("it")).Op(":=").Range().Id("p").Dot("Items")).Block(
				If(Err().Op(":=").Id("Visit"+n).Call(Id("it"), Id("v")), Err().Op("!=").Nil()).Block(Return(Err())),
			),
			Return(Nil()),
		),
		doc(fmt.Sprintf("%s reads one partition of collection %s (see ddb.ReadCollection).", query, c.Name)).
			Type().Id(query).Struct(Id("q").Op("*").Qual(pkgDDB, "CollectionRead")),
		doc(fmt.Sprintf("%sCollection describes collection %s to the runtime.", lowerFirst(n), c.Name)).
			Var().Id(lowerFirst(n)+"Collection").Op("=").Op("&").Qual(pkgDDB, "Collection").Values(
			Id("Name").Op(":").Lit(c.Name), Id("Index").Op(":").Id(ixVar(t, c.Index)),
			Id("Members").Op(":").Index().Op("*").Qual(pkgDDB, "Entity").Values(members...)),
		doc(fmt.Sprintf("Query%s reads collection %s: the items of its members in one partition, in sort order.", c.Name, c.Name),
			"Items of other entities in it are skipped and counted (Skipped), or an error with ddb.StrictEntities().").
			Func().Params(Id("s").Op("*").Id(typeName(t)+"Store")).Id(collectionQuery(c)).Params(append(params, Id("opts").Op("...").Qual(pkgDDB, optType))...).Op("*").Id(query).Block(
			Return(Op("&").Id(query).Values(Qual(pkgDDB, "ReadCollection").Call(Op("&").Id("s").Dot("r"), Id(lowerFirst(n)+"Collection"),
				builder(c.Members[0], pk, fromParam), Id("opts")))),
		),
		doc(fmt.Sprintf("Query%s reads collection %s (see %sStore.Query%s).", c.Name, c.Name, typeName(t), c.Name)).
			Func().Params(Id("s").Op("*").Id(typeName(t)+"ReadOnlyStore")).Id(collectionQuery(c)).Params(append(params, Id("opts").Op("...").Qual(pkgDDB, optType))...).Op("*").Id(query).Block(
			Return(Op("&").Id(query).Values(Qual(pkgDDB, "ReadCollection").Call(Op("&").Id("s").Dot("r"), Id(lowerFirst(n)+"Collection"),
				builder(c.Members[0], pk, fromParam), Id("opts")))),
		),
		collectionPageFunc(query, page, directJSON),
		collectionAllFunc(query, page, item, directJSON),
		doc("Skipped returns how many items of no member the query skipped so far.").
			Func().Params(Id("q").Op("*").Id(query)).Id("Skipped").Params().Int().Block(Return(Id("q").Dot("q").Dot("Skipped").Call())),
	)
	if directJSON {
		decls = append(decls, collectionJSONDecls(c, page)...)
	}
	return decls
}

// collectionPageFunc is a collection query's Page; with -json it hands the
// runtime the page's direct decoder too:
//
//	func (q *ShopCustomerQuery) Page(ctx context.Context, cursor string) (*ShopCustomerPage, error) {
//		p := new(ShopCustomerPage)
//		var err error
//		if p.Next, err = q.q.PageWith(ctx, cursor, p.add, shopCustomerPageJSON{p}); err != nil { return nil, err }
//		return p, nil
//	}
func collectionPageFunc(query, page string, directJSON bool) Code {
	call := Id("q").Dot("q").Dot("Page").Call(Id("ctx"), Id("cursor"), Id("p").Dot("add"))
	if directJSON {
		call = Id("q").Dot("q").Dot("PageWith").Call(Id("ctx"), Id("cursor"), Id("p").Dot("add"), Id(lowerFirst(page)+"JSON").Values(Id("p")))
	}
	return doc("Page reads one page after cursor (\"\" for the first).").
		Func().Params(Id("q").Op("*").Id(query)).Id("Page").Params(Id("ctx").Qual("context", "Context"), Id("cursor").String()).Params(Op("*").Id(page), Error()).Block(
		Id("p").Op(":=").New(Id(page)),
		Var().Err().Error(),
		If(List(Id("p").Dot("Next"), Err()).Op("=").Add(call), Err().Op("!=").Nil()).Block(Return(Nil(), Err())),
		Return(Id("p"), Nil()),
	)
}

// collectionAllFunc is a collection query's All; with -json the runtime
// decodes each answer into p directly and yields the index of each item:
//
//	func (q *ShopCustomerQuery) All(ctx context.Context) iter.Seq2[ShopCustomerItem, error] {
//		return func(yield func(ShopCustomerItem, error) bool) {
//			var p ShopCustomerPage
//			for i, err := range q.q.AllWith(ctx, p.add, shopCustomerPageJSON{&p}) { ... yield(p.Items[i], nil) ... }
//		}
//	}
func collectionAllFunc(query, page, item string, directJSON bool) Code {
	var loop Code
	if directJSON {
		loop = For(List(Id("i"), Err()).Op(":=").Range().Id("q").Dot("q").Dot("AllWith").Call(Id("ctx"), Id("p").Dot("add"), Id(lowerFirst(page)+"JSON").Values(Op("&").Id("p")))).Block(
			If(Err().Op("!=").Nil()).Block(Id("yield").Call(Nil(), Err()), Return()),
			If(Op("!").Id("yield").Call(Id("p").Dot("Items").Index(Id("i")), Nil())).Block(Return()),
		)
	} else {
		loop = For(Err().Op(":=").Range().Id("q").Dot("q").Dot("All").Call(Id("ctx"), Id("p").Dot("add"))).Block(
			If(Err().Op("!=").Nil()).Block(Id("yield").Call(Nil(), Err()), Return()),
			Id("it").Op(":=").Id("p").Dot("Items").Index(Lit(0)),
			Id("p").Op("=").Id(page).Values(),
			If(Op("!").Id("yield").Call(Id("it"), Nil())).Block(Return()),
		)
	}
	return doc("All yields every item of the partition in sort order, paging transparently; an error is yielded last.").
		Func().Params(Id("q").Op("*").Id(query)).Id("All").Params(Id("ctx").Qual("context", "Context")).Qual("iter", "Seq2").Types(Id(item), Error()).Block(
		Return(Func().Params(Id("yield").Func().Params(Id(item), Error()).Bool()).Block(
			Var().Id("p").Id(page),
			loop,
		)),
	)
}

// collectionJSONDecls is a collection page's direct decoder (with -json):
//
//	type shopCustomerPageJSON struct{ p *ShopCustomerPage }
//	func (d shopCustomerPageJSON) Reset() { *d.p = ShopCustomerPage{} }
//	func (d shopCustomerPageJSON) AddJSON(member int, m *ddbjson.Map) error {
//		switch member { case 0: v := new(Customer); if err := v.DecodeJSONItem(m); err != nil { return err }; d.p.Customer = append(d.p.Customer, v); d.p.Items = append(d.p.Items, v) ... }
//		return nil
//	}
func collectionJSONDecls(c *tags.Collection, page string) []Code {
	typ := lowerFirst(page) + "JSON"
	var cases []Code
	for i, e := range c.Members {
		m := entName(e)
		cases = append(cases, Case(Lit(i)).Block(
			Id("v").Op(":=").New(entModel(e)),
			If(Err().Op(":=").Id("v").Dot("DecodeJSONItem").Call(Id("m")), Err().Op("!=").Nil()).Block(Return(Err())),
			Id("d").Dot("p").Dot(m).Op("=").Append(Id("d").Dot("p").Dot(m), Id("v")),
			Id("d").Dot("p").Dot("Items").Op("=").Append(Id("d").Dot("p").Dot("Items"), Id("v")),
		))
	}
	return []Code{
		doc(fmt.Sprintf("%s decodes the items of a DynamoDB-JSON answer straight into a %s (ddbjson.CollectionMembers).", typ, page)).
			Type().Id(typ).Struct(Id("p").Op("*").Id(page)),
		doc("Reset empties the page (a new answer, or a retried one).").
			Func().Params(Id("d").Id(typ)).Id("Reset").Params().Block(Op("*").Id("d").Dot("p").Op("=").Id(page).Values()),
		doc("AddJSON decodes an item as member number member and adds it to the page.").
			Func().Params(Id("d").Id(typ)).Id("AddJSON").Params(Id("member").Int(), Id("m").Op("*").Qual(pkgDDBJSON, "Map")).Error().Block(
			Switch(Id("member")).Block(cases...),
			Return(Nil()),
		),
	}
}

// collectionQuery names a collection's query method on the table's stores
// (the code and the model page use it).
func collectionQuery(c *tags.Collection) string { return "Query" + c.Name }

// partAttr is the partition key attribute of ix (nil: the table).
func partAttr(t *tags.Table, ix *tags.Index) string {
	if ix == nil || ix.PK == nil {
		return t.PK.Field.Attr
	}
	return ix.PK.Field.Attr
}

// entityStreamDecls: one handler method per entity, so a handler that
// misses one does not compile:
//
//	type ShopChangeHandler interface { CustomerChanged(context.Context, CustomerChange) error; ... }
//	func HandleShopChanges(ctx context.Context, e events.DynamoDBEvent, h ShopChangeHandler) events.DynamoDBEventResponse
func entityStreamDecls(t *tags.Table) []Code {
	if t.Stream == tags.StreamNone {
		return nil
	}
	n := typeName(t)
	var methods, cases []Code
	for i, e := range t.Entities {
		m := entName(e)
		methods = append(methods, Id(entityChangedMethod(e)).Params(Qual("context", "Context"), Id(entityChangeType(e))).Error())
		cases = append(cases, Case(Lit(i)).Block(
			List(Id("c"), Err()).Op(":=").Id("Decode"+m+"Change").Call(Op("*").Id("r")),
			If(Err().Op("!=").Nil()).Block(Return(Err())),
			Return(Id("h").Dot(entityChangedMethod(e)).Call(Id("ctx"), Id("c"))),
		))
	}
	return []Code{
		doc(fmt.Sprintf("%sChangeHandler handles the changes of each entity of table %q: one method per", n, t.Name),
			"entity, so a handler missing one does not compile.").
			Type().Id(changeHandlerName(t)).Interface(methods...),
		doc(fmt.Sprintf("Handle%sChanges decodes each record of a stream batch of table %q as its entity and", n, t.Name),
			"calls h's method for it; records of no entity of the table are skipped. The first failure is",
			"reported to Lambda (see ddb.HandleChanges).").
			Func().Id("Handle"+n+"Changes").Params(Id("ctx").Qual("context", "Context"), Id("e").Qual(pkgEvents, "DynamoDBEvent"), Id("h").Id(changeHandlerName(t))).Qual(pkgEvents, "DynamoDBEventResponse").Block(
			Return(Qual(pkgDDB, "HandleEntityChanges").Call(Id("ctx"), Id("e"), Id(lowerFirst(n)+"Entities"),
				Func().Params(Id("ctx").Qual("context", "Context"), Id("entity").Int(), Id("r").Op("*").Qual(pkgEvents, "DynamoDBEventRecord")).Error().Block(
					Switch(Id("entity")).Block(cases...),
					Return(Nil()),
				))),
		),
	}
}

// ---- an entity's file --------------------------------------------------------------

// entityFile is the model-package file of one entity.
func entityFile(hg *handleGen, pkg *tags.Package, e *tags.Entity, owned []*tags.Struct) *File {
	f := newFile(pkg.Name, pkg.Path)
	f.HeaderComment("//go:build !" + tags.AnalysisTag)
	f.ImportNames(map[string]string{pkgTypes: "types", pkgDDB: "ddb", pkgDDBJSON: "ddbjson", pkgEvents: "events", pkgKeys: "keys"})
	addDecls(f, entityDescDecls(e))
	addDecls(f, entityAttrsDecls(hg, e))
	addDecls(f, entityCodecDecls(hg, e, owned))
	addDecls(f, entityKeyDecls(e))
	addDecls(f, entityStoreDecls(e))
	return f
}

// entityDescDecls: templates, table and entity descriptors:
//
//	var (
//		orderPkTmpl = keys.MustBind("CUSTOMER#{CustomerID}", keys.PartitionKey, '#', keys.KindString)
//		...
//	)
//	var orderTable = ddb.NewTable(ShopSchema, (*Order)(nil), nil)
//	var orderEntity = ddb.NewEntity("order", "_et", orderTable, ddb.EntityKeyAttr{...}, ...)
func entityDescDecls(e *tags.Entity) []Code {
	t := e.Table
	kindNames := map[keys.Kind]string{keys.KindString: "KindString", keys.KindInt: "KindInt", keys.KindUint: "KindUint",
		keys.KindFloat: "KindFloat", keys.KindTime: "KindTime", keys.KindCustom: "KindCustom"}
	var tmpls, attrs []Code
	for _, k := range distinctKeys(e) {
		role := "PartitionKey"
		if k.Role == keys.SortKey {
			role = "SortKey"
		}
		args := []Code{Lit(k.Text), Qual(pkgKeys, role), LitRune(rune(t.Sep))}
		for _, ph := range k.Template.Fields {
			args = append(args, Qual(pkgKeys, kindNames[ph.Kind]))
		}
		tmpls = append(tmpls, Id(tmplVar(e, k)).Op("=").Qual(pkgKeys, "MustBind").Call(args...))
		var fattrs []Code
		for _, f := range k.Fields {
			fattrs = append(fattrs, Lit(f.Attr))
		}
		d := []Code{Id("Attr").Op(":").Lit(k.Attr.Attr)}
		if k.Index != nil {
			d = append(d, Id("Index").Op(":").Lit(k.Index.Name))
		}
		d = append(d, Id("Template").Op(":").Id(tmplVar(e, k)), Id("Fields").Op(":").Index().String().Values(fattrs...))
		attrs = append(attrs, Qual(pkgDDB, "EntityKeyAttr").Values(d...))
	}
	var version Code = Nil()
	schema := Id(typeName(t) + "Schema")
	if e.Version != nil {
		schema = Qual(pkgDDB, "WithVersion").Call(schema, Lit(e.Version.Attr))
		version = Qual(pkgDDB, "VersionOf").Call(
			Func().Params(Id("v").Any()).Op("*").Add(typeCode(e.Version.Type)).Block(
				Return(Op("&").Add(fieldSel(Id("v").Assert(Op("*").Add(entModel(e))), e.Version))),
			))
	}
	return []Code{
		doc(fmt.Sprintf("The key templates of entity %q (%s) in table %q.", e.Name, entName(e), t.Name)).Var().Defs(tmpls...),
		doc(fmt.Sprintf("%s describes %s's items to the runtime: schema, model, version.", entTableVar(e), entName(e))).
			Var().Id(entTableVar(e)).Op("=").Qual(pkgDDB, "NewTable").Call(schema, Parens(Op("*").Add(entModel(e))).Parens(Nil()), version),
		doc(fmt.Sprintf("%s describes entity %q: its type attribute and templated keys.", entVar(e), e.Name)).
			Var().Id(entVar(e)).Op("=").Qual(pkgDDB, "NewEntity").Custom(Options{Open: "(", Close: ")", Separator: ",", Multi: true}, append([]Code{Lit(e.Name), Lit(t.TypeAttr), Id(entTableVar(e))}, attrs...)...),
	}
}

// entityAttrsDecls: the handles of the entity's fields, those of the primary
// key's fields without update actions (ddb.KeyField), and the KeyParts of
// its templated fields for queries' sort-key conditions.
func entityAttrsDecls(hg *handleGen, e *tags.Entity) []Code {
	t := e.Table
	n := entName(e)
	pkFields := keyFieldsOf(primaryKeys(e)...)
	var fields, body []Code
	for _, f := range e.Struct.Fields {
		id := fieldIdent(e.Struct, f)
		path := Qual(pkgDDB, "TableAttr").Call(Id(typeName(t)+"TableName"), Lit(f.Attr))
		if containsField(pkFields, f) {
			enc, _, ok := scalarEncoder(f.Type, f.Enc)
			if !ok {
				continue
			}
			fields = append(fields, Id(id).Qual(pkgDDB, "KeyField").Types(typeCode(f.Type)).Comment(f.Attr+": primary key field (no update actions)"))
			body = append(body, Qual(pkgDDB, "InitKeyField").Call(Op("&").Id("a").Dot(id), Id(typeName(t)+"TableName"), Lit(f.Attr), enc))
			continue
		}
		h := hg.handleOf(e.Struct, f, path)
		fields = append(fields, Id(id).Add(h.typ).Comment(f.Attr))
		if h.kind == "" {
			body = append(body, Id("a").Dot(id).Op("=").Add(h.ctor))
			continue
		}
		args := append([]Code{Op("&").Id("a").Dot(id), Id(typeName(t) + "TableName"), Lit(f.Attr)}, h.args...)
		body = append(body, Qual(pkgDDB, "Init"+h.kind).Call(args...))
	}
	typ := n + "Attributes"
	var parts []Code
	var partVals []Code
	for _, f := range keyFieldsOf(e.Keys...) {
		id := fieldIdent(e.Struct, f)
		ph := placeholderOf(e, f)
		var ctor *Statement
		switch ph.Kind {
		case keys.KindString:
			ctor = Qual(pkgDDB, "TextPart").Types(typeCode(f.Type)).Call(Lit(f.GoName()))
		case keys.KindInt:
			ctor = Qual(pkgDDB, "IntPart").Types(typeCode(f.Type)).Call(Lit(f.GoName()))
		case keys.KindUint:
			ctor = Qual(pkgDDB, "UintPart").Types(typeCode(f.Type)).Call(Lit(f.GoName()))
		case keys.KindTime:
			ctor = Qual(pkgDDB, "TimePart").Call(Lit(f.GoName()))
		case keys.KindFloat:
			ctor = Qual(pkgDDB, "FixedPart").Types(typeCode(f.Type)).Call(Lit(f.GoName()), Lit(ph.Decimals))
		case keys.KindCustom:
			ctor = Qual(pkgDDB, "CustomPart").Types(typeCode(f.Type)).Call(Lit(f.GoName()))
		}
		parts = append(parts, Id(id).Qual(pkgDDB, "KeyPart").Types(typeCode(f.Type)))
		partVals = append(partVals, Id(id).Op(":").Add(ctor))
	}
	return []Code{
		doc(fmt.Sprintf("%sAttrs are the typed handles of %s's attributes: conditions, filters, update", n, n),
			"actions and projections. The fields of its primary key templates have no update actions.").
			Var().Id(n + "Attrs").Op("=").Id("new" + typ).Call(),
		doc(fmt.Sprintf("%s holds one typed handle per attribute of %s (see %sAttrs).", typ, n, n)).
			Type().Id(typ).Struct(fields...),
		Func().Id("new" + typ).Params().Params(Id("a").Id(typ)).Block(append(body, Return())...),
		doc(fmt.Sprintf("%sKeyParts are the fields of %s's key templates, for the sort-key conditions of its", n, n),
			"queries: equality on the sort template's leading fields, then one range (Lt, Ge, Between, ...).").
			Var().Id(n+"KeyParts").Op("=").Struct(parts...).Custom(Options{Open: "{", Close: "}", Separator: ",", Multi: true}, partVals...),
	}
}

// placeholderOf returns the first placeholder of field f among e's templates.
func placeholderOf(e *tags.Entity, f *tags.Field) *keys.Placeholder {
	for _, k := range e.Keys {
		for i, kf := range k.Fields {
			if kf == f {
				return &k.Template.Fields[i]
			}
		}
	}
	return nil
}

// entityCodecDecls: MarshalItem (the fields, then every key attribute from
// its template and the type attribute), UnmarshalItem (checks the entity,
// decodes the fields, recovers the key fields an index item lacks from its
// keys), and the nested structs' codecs.
func entityCodecDecls(hg *handleGen, e *tags.Entity, owned []*tags.Struct) []Code {
	g := hg.g
	s := e.Struct
	n := entName(e)
	ks := distinctKeys(e)
	body := g.marshalBodyCap(s, false, len(ks)+1)
	body = body[:len(body)-1]
	body = append(body, Id("ks").Op(":=").New(Qual(pkgDDB, "KeySet")), Id("b").Op(":=").Id("ks").Dot("Buf").Call())
	for _, k := range ks {
		body = append(body, Id("b").Op("=").Id("ks").Dot("Add").Call(Id("b"), builderOn(e, k, fromItem, Id("b"))))
	}
	body = append(body, Return(Id(entVar(e)).Dot("Item").Call(Id("m"), Id("ks"), Id("b"))))
	var cases []Code
	for _, f := range keyFieldsOf(e.Keys...) {
		cases = append(cases, Case(Lit(f.Attr)).Block(parseKeyField(e, f)...))
	}
	out := []Code{
		doc("// MarshalItem encodes v's fields as attributevalue.MarshalMap(v) does, without reflection,",
			"// with its key attributes built from their templates and its entity type.").
			Func().Params(Id("v").Op("*").Id(n)).Id("MarshalItem").Params().
			Params(Map(String()).Qual(pkgTypes, "AttributeValue"), Error()).Block(body...),
		doc("// UnmarshalItem decodes an item of entity "+quoteName(e.Name)+"; an item of another entity is an error",
			"// wrapping ddb.ErrForeignItem. Key fields an index's item lacks are read back from its keys.").
			Func().Params(Id("v").Op("*").Id(n)).Id("UnmarshalItem").
			Params(Id("m").Map(String()).Qual(pkgTypes, "AttributeValue")).Error().Block(
			Return(Id(entVar(e)).Dot("Decode").Call(Id("m"), Id("attrNames"+g.base(s)).Index(Op(":")),
				Func().Params(Id("i").Int(), Id("av").Qual(pkgTypes, "AttributeValue")).Error().Block(
					Return(Id("unmarshal"+g.base(s)+"Field").Call(Id("v"), Id("i"), Id("av"))),
				), Id("v").Dot("setKeyField"))),
		),
		doc("setKeyField sets the field of attribute attr from its text in a key.").
			Func().Params(Id("v").Op("*").Id(n)).Id("setKeyField").Params(Id("attr"), Id("text").String()).Params(Err().Error()).Block(
			Switch(Id("attr")).Block(cases...),
			Return(),
		),
	}
	if g.json {
		out = append(out, g.entityJSONMethods(e)...)
	}
	out = append(out, g.attrDecoder(s, g.base(s))...)
	for _, f := range s.Fields {
		if hg.handleOf(s, f, Null()).genEncoder {
			out = append(out, g.fieldEncoder(s, f))
		}
	}
	for _, ns := range owned {
		out = append(out, g.structFuncs(ns)...)
		for _, f := range ns.Fields {
			if hg.handleOf(ns, f, Id("p")).genEncoder && hg.nested[codecStructKey(ns)] && !hg.cyclic[codecStructKey(ns)] {
				out = append(out, g.fieldEncoder(ns, f))
			}
		}
		out = append(out, hg.nestedDecls(ns)...)
	}
	return out
}

// parseKeyField decodes a key field's text: v.PlacedAt, err = keys.ParseTime(text).
func parseKeyField(e *tags.Entity, f *tags.Field) []Code {
	ph := placeholderOf(e, f)
	x := fieldSel(Id("v"), f)
	ty := typeCode(f.Type)
	switch ph.Kind {
	case keys.KindString:
		if f.Type.Name != "" {
			return []Code{x.Op("=").Add(ty).Parens(Id("text"))}
		}
		return []Code{x.Op("=").Id("text")}
	case keys.KindInt:
		return []Code{List(x, Err()).Op("=").Qual(pkgKeys, "ParseInt").Types(ty).Call(Id("text"))}
	case keys.KindUint:
		return []Code{List(x, Err()).Op("=").Qual(pkgKeys, "ParseUint").Types(ty).Call(Id("text"))}
	case keys.KindTime:
		return []Code{List(x, Err()).Op("=").Qual(pkgKeys, "ParseTime").Call(Id("text"))}
	case keys.KindFloat:
		return []Code{List(x, Err()).Op("=").Qual(pkgKeys, "ParseFixed").Types(ty).Call(Id("text"), Lit(ph.Decimals))}
	case keys.KindCustom:
		return []Code{List(x, Err()).Op("=").Qual(pkgKeys, "ParseCustom").Types(ty).Call(Id("text"))}
	}
	return nil
}

// entityKeyDecls: the typed primary key.
//
//	type OrderKey struct { CustomerID string; PlacedAt time.Time; ID string }
//	func OrderKeyOf(v *Order) OrderKey
//	func (k OrderKey) key() ddb.EntityKey
func entityKeyDecls(e *tags.Entity) []Code {
	kt := entKeyType(e)
	pks := primaryKeys(e)
	var fields []Code
	var of []kv
	for _, f := range keyFieldsOf(pks...) {
		fields = append(fields, Id(fieldIdent(e.Struct, f)).Add(typeCode(f.Type)))
		of = append(of, kv{fieldIdent(e.Struct, f), fieldSel(Id("v"), f)})
	}
	var bs []Code
	for _, k := range pks {
		bs = append(bs, builder(e, k, func(f *tags.Field) *Statement { return Id("k").Dot(fieldIdent(e.Struct, f)) }))
	}
	texts := make([]string, len(pks))
	for i, k := range pks {
		texts[i] = k.Attr.Attr + "=" + k.Text
	}
	return []Code{
		doc(fmt.Sprintf("%s is the primary key of %s %s item: the fields of its templates %s.", kt, article(entName(e)), entName(e), strings.Join(texts, ", "))).
			Type().Id(kt).Struct(fields...),
		doc(fmt.Sprintf("%sOf returns the primary key of v.", kt)).
			Func().Id(kt + "Of").Params(Id("v").Op("*").Add(entModel(e))).Id(kt).Block(Return(literal(Id(kt), of...))),
		doc("key builds the key attributes from the templates.", "", "//go:noinline").
			Func().Params(Id("k").Id(kt)).Id("key").Params().Qual(pkgDDB, "EntityKey").Block(
			Return(Id(entVar(e)).Dot("Key").Call(bs...)),
		),
		entityUpdateKey(e),
	}
}

// entityUpdateKey: the key of an update, with its fields' stored values
// (index keys are rewritten from them, an upsert writes them).
//
//	func (k OrderKey) updateKey() ddb.EntityKey {
//		return k.key().With(ddb.KeyArgOf(&OrderAttrs.CustomerID, k.CustomerID), ...)
//	}
func entityUpdateKey(e *tags.Entity) Code {
	var args []Code
	for _, f := range keyFieldsOf(primaryKeys(e)...) {
		if _, _, ok := scalarEncoder(f.Type, f.Enc); !ok {
			continue // no KeyField handle: the update takes its text from the key
		}
		id := fieldIdent(e.Struct, f)
		args = append(args, Qual(pkgDDB, "KeyArgOf").Call(Op("&").Id(entName(e)+"Attrs").Dot(id), Id("k").Dot(id)))
	}
	return doc("updateKey is key with the key fields' stored values: an update builds index keys",
		"from them (never from a key's |lower or |upper text) and an upsert writes them.").
		Func().Params(Id("k").Id(entKeyType(e))).Id("updateKey").Params().Qual(pkgDDB, "EntityKey").Block(
		Return(Id("k").Dot("key").Call().Dot("With").Call(args...)),
	)
}

// entKeyLit is OrderKey{CustomerID: customerID, ...}.key().
func entKeyArg(e *tags.Entity) *Statement {
	var d []Code
	for _, f := range keyFieldsOf(primaryKeys(e)...) {
		d = append(d, Id(fieldIdent(e.Struct, f)).Op(":").Id(paramName(f)))
	}
	return Id(entKeyType(e)).Values(d...).Dot("key").Call()
}

// entUpdateKeyArg is OrderKey{CustomerID: customerID, ...}.updateKey().
func entUpdateKeyArg(e *tags.Entity) *Statement {
	var d []Code
	for _, f := range keyFieldsOf(primaryKeys(e)...) {
		d = append(d, Id(fieldIdent(e.Struct, f)).Op(":").Id(paramName(f)))
	}
	return Id(entKeyType(e)).Values(d...).Dot("updateKey").Call()
}

// entityStoreDecls: the entity's store, its methods and its queries.
func entityStoreDecls(e *tags.Entity) []Code {
	t := e.Table
	n := entName(e)
	st := entStore(e)
	model := entModel(e)
	pkParams := fieldParams(keyFieldsOf(primaryKeys(e)...))
	key := entKeyArg(e)
	ukey := entUpdateKeyArg(e)
	ctx := Id("ctx").Qual("context", "Context")
	recv := func(name string, docs ...string) *Statement {
		return doc(docs...).Func().Params(Id("s").Op("*").Id(st)).Id(name)
	}
	with := func(ps []Code, more ...Code) []Code { return append(append([]Code{}, ps...), more...) }
	wopts := Id("opts").Op("...").Qual(pkgDDB, "WriteOption")
	uopts := Id("opts").Op("...").Qual(pkgDDB, "UpdateOption")
	ropts := Id("opts").Op("...").Qual(pkgDDB, "ReadOption")
	var version Code = Nil()
	var verParam []Code
	mode := Qual(pkgDDB, "NoVersion").Call()
	if e.Version != nil {
		version = Op("&").Id("expectedVersion")
		verParam = []Code{Id("expectedVersion").Int64()}
		mode = Qual(pkgDDB, "AtVersion").Call(Id("expectedVersion"))
	}
	out := []Code{
		doc(fmt.Sprintf("%s reads and writes the %q items of table %q; keys are built from its templates.", st, e.Name, t.Name)).
			Type().Id(st).Struct(Id("r").Qual(pkgDDB, "Reader"), Id("w").Qual(pkgDDB, "Writer")),
		doc(fmt.Sprintf("New%s uses the table with the physical name table through client.", st)).
			Func().Id("New"+st).Params(Id("client").Qual(pkgDDB, "API"), Id("table").String()).Op("*").Id(st).Block(
			Id("s").Op(":=").New(Id(st)),
			Qual(pkgDDB, "InitStore").Call(Op("&").Id("s").Dot("r"), Op("&").Id("s").Dot("w"), Id("client"), Id("table"), Id(entTableVar(e))),
			Return(Id("s")),
		),
		recv("Get", fmt.Sprintf("Get reads the %s with the given key fields; a missing item wraps ddb.ErrNotFound,", n),
			"an item of another entity under that key ddb.ErrForeignItem.").
			Params(with(append([]Code{ctx}, pkParams...), ropts)...).Params(Op("*").Add(model), Error()).Block(
			Return(Qual(pkgDDB, "GetEntity").Call(Id("ctx"), Op("&").Id("s").Dot("r"), key, Id("opts"), New(model)))),
		recv("BatchGet", fmt.Sprintf("BatchGet reads the %s items with the given keys (see ddb.GetBatch).", n)).
			Params(ctx, Id("ks").Index().Id(entKeyType(e)), ropts).Params(Index().Add(model), Error()).Block(
			List(Id("attrs"), Err()).Op(":=").Qual(pkgDDB, "EntityKeys").Call(Id("ks"), Id(entKeyType(e)).Dot("key")),
			If(Err().Op("!=").Nil()).Block(Return(Nil(), Err())),
			Return(Qual(pkgDDB, "GetBatch").Types(model).Call(Id("ctx"), Op("&").Id("s").Dot("r"), Id("attrs"), Id("opts")))),
		recv("TxGet", fmt.Sprintf("TxGet reads the %s with the given key into dst as one read of ddb.ReadTx.", n)).
			Params(with(append([]Code{Id("dst").Op("*").Add(model)}, pkParams...), ropts)...).Qual(pkgDDB, "TxGetAction").Block(
			Return(Qual(pkgDDB, "TxGetEntity").Call(Op("&").Id("s").Dot("r"), Id("dst"), key, Id("opts")))),
		recv("Put", "Put writes v with its key attributes and type (see ddb.Put)."+verDoc(e)).
			Params(ctx, Id("v").Op("*").Add(model), wopts).Error().Block(
			Return(Qual(pkgDDB, "Put").Call(Id("ctx"), Op("&").Id("s").Dot("w"), Id("v"), Id("opts")))),
		recv("Create", "Create writes v only if no item has its key; otherwise the error wraps ddb.ErrConditionFailed.").
			Params(ctx, Id("v").Op("*").Add(model), wopts).Error().Block(
			Return(Qual(pkgDDB, "Create").Call(Id("ctx"), Op("&").Id("s").Dot("w"), Id("v"), Id("opts")))),
		recv("Delete", fmt.Sprintf("Delete deletes the %s with the given key fields%s.", n, map[bool]string{true: " at expectedVersion", false: ""}[e.Version != nil])).
			Params(with(with(append([]Code{ctx}, pkParams...), verParam...), wopts)...).Error().Block(
			Return(Qual(pkgDDB, "DeleteEntity").Call(Id("ctx"), Op("&").Id("s").Dot("w"), key, version, Id("opts")))),
		recv("Update", fmt.Sprintf("Update applies the actions among opts (%sAttrs.X.Set(v)) to the %s with the given key", n, n),
			"fields, rewriting in the same request the index keys whose template fields it sets, and",
			"removing an index's keys when it empties one (see ddb.UpdateEntity)."+verDoc(e)).
			Params(with(with(append([]Code{ctx}, pkParams...), verParam...), uopts)...).Params(Op("*").Add(model), Error()).Block(
			Return(Qual(pkgDDB, "UpdateEntity").Call(Id("ctx"), Op("&").Id("s").Dot("w"), Id(entVar(e)), ukey, mode, Id("opts"), New(model)))),
	}
	if e.Version != nil {
		out = append(out, recv("UpdateAnyVersion", "UpdateAnyVersion is Update without the version check; it increments the version.").
			Params(with(append([]Code{ctx}, pkParams...), uopts)...).Params(Op("*").Add(model), Error()).Block(
			Return(Qual(pkgDDB, "UpdateEntity").Call(Id("ctx"), Op("&").Id("s").Dot("w"), Id(entVar(e)), ukey, Qual(pkgDDB, "AnyVersion").Call(), Id("opts"), New(model)))))
	}
	out = append(out,
		recv("TxPut", "TxPut is Put as an action of ddb.WriteTx.").Params(Id("v").Op("*").Add(model), wopts).Qual(pkgDDB, "TxAction").Block(
			Return(Qual(pkgDDB, "TxPut").Call(Op("&").Id("s").Dot("w"), Id("v"), Id("opts")))),
		recv("TxCreate", "TxCreate is Create as an action of ddb.WriteTx.").Params(Id("v").Op("*").Add(model), wopts).Qual(pkgDDB, "TxAction").Block(
			Return(Qual(pkgDDB, "TxCreate").Call(Op("&").Id("s").Dot("w"), Id("v"), Id("opts")))),
		recv("TxDelete", "TxDelete is Delete as an action of ddb.WriteTx.").Params(with(with(pkParams, verParam...), wopts)...).Qual(pkgDDB, "TxAction").Block(
			Return(Qual(pkgDDB, "TxDeleteEntity").Call(Op("&").Id("s").Dot("w"), key, version, Id("opts")))),
		recv("TxCheck", fmt.Sprintf("TxCheck makes a ddb.WriteTx happen only if c holds for the %s with the given key.", n)).Params(with(pkParams, Id("c").Qual(pkgDDB, "Cond"))...).Qual(pkgDDB, "TxAction").Block(
			Return(Qual(pkgDDB, "TxCheckEntity").Call(Op("&").Id("s").Dot("w"), key, Id("c")))),
		recv("TxUpdate", "TxUpdate is Update as an action of ddb.WriteTx.").Params(with(with(pkParams, verParam...), uopts)...).Qual(pkgDDB, "TxAction").Block(
			Return(Qual(pkgDDB, "TxUpdateEntity").Call(Op("&").Id("s").Dot("w"), Id(entVar(e)), ukey, mode, Id("opts")))),
	)
	if e.Version != nil {
		out = append(out, recv("TxUpdateAnyVersion", "TxUpdateAnyVersion is UpdateAnyVersion as an action of ddb.WriteTx: no version check; it increments the version.").
			Params(with(pkParams, uopts)...).Qual(pkgDDB, "TxAction").Block(
			Return(Qual(pkgDDB, "TxUpdateEntity").Call(Op("&").Id("s").Dot("w"), Id(entVar(e)), ukey, Qual(pkgDDB, "AnyVersion").Call(), Id("opts")))))
	}
	out = append(out,
		recv("BatchWrite", fmt.Sprintf("BatchWrite puts puts and deletes the %s items with keys deletes (see ddb.WriteBatch).", n)).
			Params(ctx, Id("puts").Index().Add(model), Id("deletes").Index().Id(entKeyType(e)), Id("opts").Op("...").Qual(pkgDDB, "BatchOption")).Error().Block(
			List(Id("ks"), Err()).Op(":=").Qual(pkgDDB, "EntityKeys").Call(Id("deletes"), Id(entKeyType(e)).Dot("key")),
			If(Err().Op("!=").Nil()).Block(Return(Err())),
			Return(Qual(pkgDDB, "WriteBatch").Call(Id("ctx"), Op("&").Id("s").Dot("w"), Id("puts"), Id("ks"), Id("opts")))),
		recv("Move", fmt.Sprintf("Move writes v (under the key its fields now give) and deletes the %s with key from,", n),
			"in one transaction: the write only if no item has v's key, the delete only if the old item",
			"exists"+map[bool]string{true: " at expectedVersion", false: ""}[e.Version != nil]+". Either both happen or neither (ddb.TxCanceledError).").
			Params(with(with([]Code{ctx, Id("from").Id(entKeyType(e))}, verParam...), Id("v").Op("*").Add(model))...).Error().Block(
			Return(Qual(pkgDDB, "Move").Call(Id("ctx"), Op("&").Id("s").Dot("w"), Id("from").Dot("key").Call(), version, Id("v")))),
	)
	out = append(out, recv("Migrate", fmt.Sprintf("Migrate rewrites the items of entity old (the %s entity as it was: its previous name or key", n),
		"templates) read in one page of a scan segment into their current form, from the checkpoint",
		"cursor (\"\" first); pass the returned Cursor to the next call until it is \"\" (see ddb.MigrateSegment).").
		Params(ctx, Id("old").Op("*").Qual(pkgDDB, "Entity"), Id("segment"), Id("segments"), Id("limit").Int32(), Id("cursor").String()).Params(Qual(pkgDDB, "MigrationPage"), Error()).Block(
		Return(Qual(pkgDDB, "MigrateSegment").Types(model).Call(Id("ctx"), Op("&").Id("s").Dot("w"), Id(entVar(e)), Id("old"), Id("segment"), Id("segments"), Id("limit"), Id("cursor")))))
	out = append(out, recv("OldEntity", fmt.Sprintf("OldEntity describes the %s entity as an earlier model wrote its items, for Migrate: its name", n),
		"then (\"\" if unchanged) and each key template that changed, as the template guard printed it",
		"(\"sk\": \"ORDER#{PlacedAt:time}#{ID:string}\"); see ddb.EntityBefore.").
		Params(Id("name").String(), Id("templates").Map(String()).String()).Params(Op("*").Qual(pkgDDB, "Entity"), Error()).Block(
		Return(Qual(pkgDDB, "EntityBefore").Call(Id(entVar(e)), Id("name"), Id("templates")))))
	queries, sigs := entityQueries(e)
	out = append(out, queries...)
	ro := entName(e) + "ReadOnlyStore"
	sigs = append([]Code{
		Id("Get").Params(with(append([]Code{ctx}, pkParams...), ropts)...).Params(Op("*").Add(model), Error()),
		Id("BatchGet").Params(ctx, Id("ks").Index().Id(entKeyType(e)), ropts).Params(Index().Add(model), Error()),
		Id("TxGet").Params(with(append([]Code{Id("dst").Op("*").Add(model)}, pkParams...), ropts)...).Qual(pkgDDB, "TxGetAction"),
	}, sigs...)
	out = append(out,
		doc(fmt.Sprintf("%s reads the %q items of table %q: Get, BatchGet, TxGet, queries and scans,", ro, e.Name, t.Name),
			fmt.Sprintf("for functions with a read-only link. *%s is one.", st)).
			Type().Id(ro).Interface(sigs...),
		doc(fmt.Sprintf("New%s reads the table with the physical name table through client.", ro)).
			Func().Id("New"+ro).Params(Id("client").Qual(pkgDDB, "ReadAPI"), Id("table").String()).Id(ro).Block(
			Id("s").Op(":=").New(Id(st)),
			Qual(pkgDDB, "InitReader").Call(Op("&").Id("s").Dot("r"), Id("client"), Id("table"), Id(entTableVar(e))),
			Return(Id("s")),
		),
	)
	if t.Stream != tags.StreamNone {
		out = append(out,
			doc(fmt.Sprintf("%sChange is one change of %s %s item in table %q's stream, decoded.", n, article(n), n, t.Name)).
				Type().Id(n+"Change").Op("=").Qual(pkgDDB, "Change").Types(model),
			doc(fmt.Sprintf("Decode%sChange decodes a stream record of a %s item.", n, n)).
				Func().Id("Decode"+n+"Change").Params(Id("r").Qual(pkgEvents, "DynamoDBEventRecord")).Params(Id(n+"Change"), Error()).Block(
				Return(Qual(pkgDDB, "DecodeChange").Types(model).Call(Op("&").Id("r"), Id(entTableVar(e))))),
		)
	}
	return out
}

func verDoc(e *tags.Entity) string {
	if e.Version == nil {
		return ""
	}
	return " With optimistic locking on " + e.Version.GoName() + "."
}

// entityQuerySpec is one query of an entity: on the table (ix nil) or an
// index it fills, taking the partition template's fields. The code and the
// model page read the same list (entityQuerySpecs), as querySpecs is for
// tables of one struct.
type entityQuerySpec struct {
	ix     *tags.Index // nil: the table
	name   string      // "Query", "QueryGsi1Index"
	where  string      // for comments: table "shop", GSI "gsi1" (ALL)
	opt    string      // the option type: TableQueryOption or QueryOption
	pk, sk *tags.KeyTemplate
}

// entityQuerySpecs lists an entity's queries: the table's, then each index
// it fills, in Table.Indexes() order.
func entityQuerySpecs(e *tags.Entity) []entityQuerySpec {
	t := e.Table
	var out []entityQuerySpec
	for _, ix := range append([]*tags.Index{nil}, t.Indexes()...) {
		if !e.InIndex(ix) {
			continue
		}
		pk := e.Key(partAttr(t, ix))
		if pk == nil {
			continue
		}
		s := entityQuerySpec{ix: ix, name: "Query", where: fmt.Sprintf("table %q", t.Name), opt: "TableQueryOption", pk: pk}
		if ix == nil {
			if t.SK != nil {
				s.sk = e.Key(t.SK.Field.Attr)
			}
		} else {
			s.name, s.where = "Query"+indexIdent(ix), fmt.Sprintf("%s %q (%s)", strings.ToUpper(ix.Kind.String()), ix.Name, ix.Projection.Type)
			if ix.Kind == tags.GlobalIndex {
				s.opt = "QueryOption"
			}
			if ix.SK != nil {
				s.sk = e.Key(ix.SK.Field.Attr)
			}
		}
		out = append(out, s)
	}
	return out
}

// entityQueries: one query per index the entity fills (and the table),
// taking the partition template's fields; sort-key conditions are KeyParts.
func entityQueries(e *tags.Entity) (out, sigs []Code) {
	t := e.Table
	n := entName(e)
	for _, s := range entityQuerySpecs(e) {
		ix, pk, sk, name, where, opt := s.ix, s.pk, s.sk, s.name, s.where, s.opt
		cond := "no sort key condition"
		if sk != nil {
			var fs []string
			for _, f := range sk.Fields {
				fs = append(fs, n+"KeyParts."+fieldIdent(e.Struct, f))
			}
			cond = fmt.Sprintf("sort key %s", sk.Text)
			if len(fs) > 0 {
				cond += "; conditions left to right on " + strings.Join(fs, ", ")
			}
		}
		if ix == nil {
			sigs = append(sigs, Id("Scan").Params(Id("opts").Op("...").Qual(pkgDDB, "TableQueryOption")).Op("*").Qual(pkgDDB, "Scan").Types(entModel(e)))
			out = append(out, doc(fmt.Sprintf("Scan scans table %q for the %s items; other entities' items are skipped and counted (Skipped).", t.Name, n)).
				Func().Params(Id("s").Op("*").Id(entStore(e))).Id("Scan").Params(Id("opts").Op("...").Qual(pkgDDB, "TableQueryOption")).Op("*").Qual(pkgDDB, "Scan").Types(entModel(e)).Block(
				Return(Parens(Op("*").Qual(pkgDDB, "Scan").Types(entModel(e))).Parens(
					Qual(pkgDDB, "ScanEntity").Call(Op("&").Id("s").Dot("r"), Id(entVar(e)), Id(ixVar(t, nil)), Id("opts")))),
			))
		}
		docs := []string{
			fmt.Sprintf("%s queries %s for the %s items of partition %s; %s.", name, where, n, pk.Text, cond),
		}
		if ix != nil && ix.Projection.Type != tags.ProjectAll {
			docs = append(docs, "Items hold the projected attributes and the key fields read back from the keys.")
		}
		sigs = append(sigs, Id(name).Params(append(fieldParams(pk.Fields), Id("opts").Op("...").Qual(pkgDDB, opt))...).Op("*").Qual(pkgDDB, "Query").Types(entModel(e)))
		out = append(out, doc(docs...).Func().Params(Id("s").Op("*").Id(entStore(e))).Id(name).
			Params(append(fieldParams(pk.Fields), Id("opts").Op("...").Qual(pkgDDB, opt))...).Op("*").Qual(pkgDDB, "Query").Types(entModel(e)).Block(
			Return(Parens(Op("*").Qual(pkgDDB, "Query").Types(entModel(e))).Parens(
				Qual(pkgDDB, "ReadEntity").Call(Op("&").Id("s").Dot("r"), Id(entVar(e)), Id(ixVar(t, ix)), builder(e, pk, fromParam), Id("opts")))),
		))
	}
	return out, sigs
}

// entityFileBase is the file name stem of an entity's file: OrderItem -> "order_item".
func entityFileBase(e *tags.Entity) string {
	return fileBase(&tags.Table{Struct: e.Struct})
}

// renderEntityTable renders the file of each entity of t into *out.
func renderEntityTable(out *[][]byte, hg *handleGen, pkg *tags.Package, t *tags.Table, owners map[*tags.Entity][]*tags.Struct) error {
	for _, e := range t.Entities {
		src, err := render(entityFile(hg, pkg, e, owners[e]))
		if err != nil {
			return fmt.Errorf("entity %s: %w", entName(e), err)
		}
		*out = append(*out, src)
	}
	return nil
}
