package gen

import (
	"fmt"
	"strings"

	. "github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/tags"
)

// Query helpers, handler side: one typed query per index and for the table,
// and a scan. A query is a small immutable value (every method returns a
// modified copy) wrapping ddb.KeyQuery; All pages transparently, Page returns
// an opaque cursor. Options DynamoDB does not allow are absent from the type:
// a GSI query has no ConsistentRead, a key without a sort key has no sort
// conditions, and BeginsWith exists only for string sort keys.

// rangeOrdered reports whether DynamoDB's order of the stored sort key is the
// Go order of its values, so that Lt, Le, Gt, Ge and Between mean what they
// say. Numbers (N), binary (B) and Go strings (S) are; a number stored as a
// string (the string option) compares as text ("10" < "9"), and a time stored
// as RFC 3339 text depends on its zone and fraction digits: those keys get Eq
// only (store times with unixtime for ordered time keys).
func rangeOrdered(k *tags.Key) bool {
	return k.Type != tags.AttrS || k.Field.Type.Kind == tags.KindString
}

// queryDecls returns the query and scan declarations of one table.
func queryDecls(t *tags.Table) []Code {
	var out []Code
	out = append(out, querySpecDecls(t, tableQuery(t))...)
	for _, ix := range t.Indexes() {
		out = append(out, querySpecDecls(t, indexQuery(t, ix))...)
	}
	out = append(out, scanDecls(t)...)
	return out
}

// querySpec is what differs between the table's query and an index's.
type querySpec struct {
	typ        string      // OrderStatusIndexQuery
	method     string      // QueryStatusIndex
	index      *tags.Index // nil for the table
	pk, sk     *tags.Key
	consistent bool       // ConsistentRead allowed (table, LSI)
	result     *Statement // result type
	decode     string     // decoder function of the result
	what       string     // for comments
}

func tableQuery(t *tags.Table) querySpec {
	return querySpec{
		typ:        typeName(t) + "Query",
		method:     "Query",
		pk:         t.PK,
		sk:         t.SK,
		consistent: true,
		result:     modelType(t),
		decode:     decodeFuncName(t),
		what:       fmt.Sprintf("the %q table", t.Name),
	}
}

func indexQuery(t *tags.Table, ix *tags.Index) querySpec {
	s := querySpec{
		typ:        typeName(t) + indexIdent(ix) + "Query",
		method:     "Query" + indexIdent(ix),
		index:      ix,
		pk:         ix.PK,
		sk:         ix.SK,
		consistent: ix.Kind == tags.LocalIndex,
		result:     modelType(t),
		decode:     decodeFuncName(t),
	}
	proj := string(ix.Projection.Type)
	if ix.Projection.Type == tags.ProjectInclude {
		proj += " " + strings.Join(ix.Projection.NonKey, ", ")
	}
	s.what = fmt.Sprintf("%s %q of the %q table (projection %s)", strings.ToUpper(ix.Kind.String()), ix.Name, t.Name, proj)
	if ix.Projection.Type != tags.ProjectAll {
		s.result = Id(projectionTypeName(t, ix))
		s.decode = "decode" + projectionTypeName(t, ix)
	}
	return s
}

// querySpecDecls emits one query type, its store method and, for a
// projection type, its decoder:
//
//	// OrderStatusIndexQuery is a query of LSI "status-index" of the "orders" table
//	// (projection INCLUDE total), yielding OrderStatusIndexProjection values. ...
//	type OrderStatusIndexQuery struct {
//		s *OrderReadOnlyStore
//		q ddb.KeyQuery
//	}
//
//	// QueryStatusIndex queries LSI "status-index" for the items with partition key customerID.
//	func (s *OrderReadOnlyStore) QueryStatusIndex(customerID string) OrderStatusIndexQuery
//
//	func (q OrderStatusIndexQuery) StatusEq(v string) OrderStatusIndexQuery  // and Lt, Le, Gt, Ge, Between, BeginsWith
//	func (q OrderStatusIndexQuery) Limit(n int32) OrderStatusIndexQuery
//	func (q OrderStatusIndexQuery) Descending() OrderStatusIndexQuery
//	func (q OrderStatusIndexQuery) ConsistentRead() OrderStatusIndexQuery   // table and LSIs only
//	func (q OrderStatusIndexQuery) All(ctx context.Context) iter.Seq2[OrderStatusIndexProjection, error]
//	func (q OrderStatusIndexQuery) Page(ctx context.Context, cursor string) ([]OrderStatusIndexProjection, string, error)
func querySpecDecls(t *tags.Table, s querySpec) []Code {
	ro := roStoreName(t)
	recv := func() *Statement { return Params(Id("q").Id(s.typ)) }
	var out []Code

	if s.index != nil && s.index.Projection.Type != tags.ProjectAll {
		pt := projectionTypeName(t, s.index)
		out = append(out, doc(fmt.Sprintf("%s decodes an item of index %q.", s.decode, s.index.Name)).
			Func().Id(s.decode).Params(Id("item").Map(String()).Qual(pkgTypes, "AttributeValue")).Params(Id(pt), Error()).Block(
			Var().Id("v").Id(pt),
			Err().Op(":=").Id("v").Dot("UnmarshalItem").Call(Id("item")),
			Return(Id("v"), Err()),
		))
	}

	resultName := typeName(t)
	if s.index != nil && s.index.Projection.Type != tags.ProjectAll {
		resultName = projectionTypeName(t, s.index)
	}
	out = append(out, doc(
		fmt.Sprintf("%s is a query of %s,", s.typ, s.what),
		fmt.Sprintf("yielding %s values. Start it with %s.%s; every method returns a", resultName, ro, s.method),
		"modified copy, so a query can be reused and extended.",
	).Type().Id(s.typ).Struct(
		Id("s").Op("*").Id(ro),
		Id("q").Qual(pkgDDB, "KeyQuery"),
	))

	init := Dict{
		Id("Table"):  Id("s").Dot("table"),
		Id("PKAttr"): Lit(s.pk.Field.Attr),
		Id("PK"):     keyValue(s.pk, Id(paramName(s.pk.Field))),
	}
	if s.index != nil {
		init[Id("Index")] = Lit(s.index.Name)
	}
	if s.sk != nil {
		init[Id("SKAttr")] = Lit(s.sk.Field.Attr)
	}
	target := fmt.Sprintf("the %q table", t.Name)
	if s.index != nil {
		target = fmt.Sprintf("index %q", s.index.Name)
	}
	out = append(out, doc(
		fmt.Sprintf("%s queries %s for the items with partition key %s (attribute %q).", s.method, target, paramName(s.pk.Field), s.pk.Field.Attr),
	).Func().Params(Id("s").Op("*").Id(ro)).Id(s.method).Params(Id(paramName(s.pk.Field)).Add(typeCode(s.pk.Field.Type))).Id(s.typ).Block(
		Return(Id(s.typ).Values(Dict{Id("s"): Id("s"), Id("q"): Qual(pkgDDB, "KeyQuery").Values(init)})),
	))

	if s.sk != nil {
		g := fieldIdent(t.Struct, s.sk.Field)
		skType := typeCode(s.sk.Field.Type)
		cond := func(name, op, text string, two bool) {
			params := []Code{Id("v").Add(skType)}
			d := Dict{Id("Op"): Qual(pkgDDB, op), Id("Lo"): keyValue(s.sk, Id("v"))}
			if two {
				params = []Code{Id("lo"), Id("hi").Add(skType)}
				d = Dict{Id("Op"): Qual(pkgDDB, op), Id("Lo"): keyValue(s.sk, Id("lo")), Id("Hi"): keyValue(s.sk, Id("hi"))}
			}
			out = append(out, doc(fmt.Sprintf("%s%s keeps the items whose %s %s.", g, name, g, text)).
				Func().Add(recv()).Id(g+name).Params(params...).Id(s.typ).Block(
				Id("q").Dot("q").Dot("SK").Op("=").Qual(pkgDDB, "SortCond").Values(d),
				Return(Id("q")),
			))
		}
		cond("Eq", "SortEq", "equals v", false)
		if rangeOrdered(s.sk) {
			cond("Lt", "SortLt", "is less than v", false)
			cond("Le", "SortLe", "is less than or equal to v", false)
			cond("Gt", "SortGt", "is greater than v", false)
			cond("Ge", "SortGe", "is greater than or equal to v", false)
			cond("Between", "SortBetween", "is between lo and hi, inclusive", true)
		}
		// begins_with needs a string attribute; a number or time stored as
		// a string has no meaningful prefix, so only Go strings get it.
		if s.sk.Type == tags.AttrS && s.sk.Field.Type.Kind == tags.KindString {
			cond("BeginsWith", "SortBeginsWith", "begins with v", false)
		}
	}

	out = append(out,
		doc("Limit caps the items: per page for Page, in total for All.").
			Func().Add(recv()).Id("Limit").Params(Id("n").Int32()).Id(s.typ).Block(
			Id("q").Dot("q").Dot("Limit").Op("=").Id("n"),
			Return(Id("q")),
		),
		doc("Descending returns the items in descending sort key order.").
			Func().Add(recv()).Id("Descending").Params().Id(s.typ).Block(
			Id("q").Dot("q").Dot("Descending").Op("=").True(),
			Return(Id("q")),
		),
	)
	if s.consistent {
		out = append(out, doc("ConsistentRead asks for strongly consistent reads.").
			Func().Add(recv()).Id("ConsistentRead").Params().Id(s.typ).Block(
			Id("q").Dot("q").Dot("Consistent").Op("=").True(),
			Return(Id("q")),
		))
	}
	out = append(out,
		doc(
			"All runs the query and yields its items, fetching pages as the loop needs them;",
			"breaking out of the loop stops. An error is yielded once, last.",
		).Func().Add(recv()).Id("All").Params(Id("ctx").Qual(pkgContext, "Context")).Qual(pkgIter, "Seq2").Types(s.result.Clone(), Error()).Block(
			Return(Qual(pkgDDB, "QueryAll").Call(Id("ctx"), Id("q").Dot("s").Dot("client"), Id("q").Dot("q"), Id(s.decode))),
		),
		doc(
			"Page returns one page of items after cursor (\"\" for the first page) and the cursor",
			"of the next page (\"\" after the last). A cursor of another query (other key values,",
			"conditions, order, index or table) is an error wrapping ddb.ErrInvalidCursor.",
		).Func().Add(recv()).Id("Page").Params(Id("ctx").Qual(pkgContext, "Context"), Id("cursor").String()).Params(Index().Add(s.result.Clone()), String(), Error()).Block(
			Return(Qual(pkgDDB, "QueryAllPage").Call(Id("ctx"), Id("q").Dot("s").Dot("client"), Id("q").Dot("q"), Id("cursor"), Id(s.decode))),
		),
	)
	return out
}

// scanDecls emits the table scan:
//
//	// OrderScan is a scan of the "orders" table. ...
//	type OrderScan struct {
//		s  *OrderReadOnlyStore
//		sc ddb.TableScan
//	}
//
//	func (s *OrderReadOnlyStore) Scan() OrderScan
//	func (q OrderScan) Limit(n int32) OrderScan
//	func (q OrderScan) ConsistentRead() OrderScan
//	func (q OrderScan) Segment(segment, totalSegments int32) OrderScan
//	func (q OrderScan) All(ctx context.Context) iter.Seq2[Order, error]
//	func (q OrderScan) Page(ctx context.Context, cursor string) ([]Order, string, error)
//	func (q OrderScan) Parallel(ctx context.Context, totalSegments int) iter.Seq2[Order, error]
func scanDecls(t *tags.Table) []Code {
	n := typeName(t)
	ro := roStoreName(t)
	typ := n + "Scan"
	recv := func() *Statement { return Params(Id("q").Id(typ)) }
	ctxParam := func() *Statement { return Id("ctx").Qual(pkgContext, "Context") }
	setter := func(name, comment string, params []Code, body ...Code) Code {
		return doc(comment).Func().Add(recv()).Id(name).Params(params...).Id(typ).Block(append(body, Return(Id("q")))...)
	}
	return []Code{
		doc(
			fmt.Sprintf("%s is a scan of the %q table, yielding %s values. Start it with", typ, t.Name, n),
			fmt.Sprintf("%s.Scan; every method returns a modified copy.", ro),
		).Type().Id(typ).Struct(
			Id("s").Op("*").Id(ro),
			Id("sc").Qual(pkgDDB, "TableScan"),
		),
		doc("Scan starts a scan of the whole table.").
			Func().Params(Id("s").Op("*").Id(ro)).Id("Scan").Params().Id(typ).Block(
			Return(Id(typ).Values(Dict{Id("s"): Id("s"), Id("sc"): Qual(pkgDDB, "TableScan").Values(Dict{Id("Table"): Id("s").Dot("table")})})),
		),
		setter("Limit", "Limit caps the items: per page for Page, in total for All and Parallel.",
			[]Code{Id("n").Int32()}, Id("q").Dot("sc").Dot("Limit").Op("=").Id("n")),
		setter("ConsistentRead", "ConsistentRead asks for strongly consistent reads.",
			nil, Id("q").Dot("sc").Dot("Consistent").Op("=").True()),
		setter("Segment", "Segment scans only segment (0-based) of totalSegments, for parallel scans run by several workers.",
			[]Code{Id("segment"), Id("totalSegments").Int32()},
			Id("q").Dot("sc").Dot("Segment").Op("=").Id("segment"),
			Id("q").Dot("sc").Dot("TotalSegments").Op("=").Id("totalSegments"),
		),
		doc("All runs the scan (or its segment) and yields its items, paging transparently.").
			Func().Add(recv()).Id("All").Params(ctxParam()).Qual(pkgIter, "Seq2").Types(modelType(t), Error()).Block(
			Return(Qual(pkgDDB, "Scan").Call(Id("ctx"), Id("q").Dot("s").Dot("client"), Id("q").Dot("sc").Dot("Input").Call(), Id(decodeFuncName(t)))),
		),
		doc(
			"Page returns one page of items after cursor (\"\" for the first page) and the cursor",
			"of the next page (\"\" after the last). A cursor is bound to its table and segment.",
		).Func().Add(recv()).Id("Page").Params(ctxParam(), Id("cursor").String()).Params(Index().Add(modelType(t)), String(), Error()).Block(
			Return(Qual(pkgDDB, "ScanPage").Call(Id("ctx"), Id("q").Dot("s").Dot("client"), Id("q").Dot("sc").Dot("Input").Call(), Id("cursor"), Id(decodeFuncName(t)))),
		),
		doc(
			"Parallel scans the table in totalSegments concurrent segments and yields every",
			"item (in no particular order) on the caller's goroutine; breaking out stops all.",
		).Func().Add(recv()).Id("Parallel").Params(ctxParam(), Id("totalSegments").Int()).Qual(pkgIter, "Seq2").Types(modelType(t), Error()).Block(
			Return(Qual(pkgDDB, "ParallelScan").Call(Id("ctx"), Id("q").Dot("s").Dot("client"), Id("q").Dot("sc").Dot("Input").Call(), Id("totalSegments"), Id(decodeFuncName(t)))),
		),
	}
}
