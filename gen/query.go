package gen

import (
	"fmt"
	"strings"

	. "github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/tags"
)

// Queries and scans, handler side: one index descriptor per index and for
// the table, and thin methods that type the partition key and pick the query
// type by what the sort key allows. The query types are the runtime's:
// ddb.Query (no sort key), ddb.EqQuery (Eq only), ddb.RangeQuery (Eq and
// ranges), ddb.PrefixQuery (also BeginsWith). Options DynamoDB refuses are
// absent from the methods: a GSI query or scan takes no read options, so it
// cannot ask for a consistent read.

// rangeOrdered reports whether DynamoDB's order of the stored sort key is the
// Go order of its values, so that Lt, Le, Gt, Ge and Between mean what they
// say. Numbers (N), binary (B) and Go strings (S) are; a number stored as a
// string (the string option) compares as text ("10" < "9"), and a time stored
// as RFC 3339 text depends on its zone and fraction digits: those keys get Eq
// only (store times with unixtime for ordered time keys).
func rangeOrdered(k *tags.Key) bool {
	return k.Type != tags.AttrS || k.Field.Type.Kind == tags.KindString
}

// querySpec is what differs between the table's query and an index's.
type querySpec struct {
	index  *tags.Index // nil for the table
	suffix string      // "" for the table, "StatusIndex"
	pk, sk *tags.Key
	global bool // a GSI: no consistent reads
	result *Statement
	// resultName is result's Go name without its package: "Order",
	// "OrderStatusIndexProjection" (the model page shows it).
	resultName string
	what       string
}

func querySpecs(t *tags.Table) []querySpec {
	specs := []querySpec{{pk: t.PK, sk: t.SK, result: modelType(t), resultName: typeName(t), what: fmt.Sprintf("the %q table", t.Name)}}
	for _, ix := range t.Indexes() {
		s := querySpec{index: ix, suffix: indexIdent(ix), pk: ix.PK, sk: ix.SK, global: ix.Kind == tags.GlobalIndex, result: modelType(t), resultName: typeName(t)}
		proj := string(ix.Projection.Type)
		if ix.Projection.Type == tags.ProjectInclude {
			proj += " " + strings.Join(ix.Projection.NonKey, ", ")
		}
		s.what = fmt.Sprintf("%s %q (%s)", strings.ToUpper(ix.Kind.String()), ix.Name, proj)
		if ix.Projection.Type != tags.ProjectAll {
			s.resultName = projectionTypeName(t, ix)
			s.result = Id(s.resultName)
		}
		specs = append(specs, s)
	}
	return specs
}

// indexVar names an index descriptor: orderPrimary, orderStatusIndex.
func indexVar(t *tags.Table, s querySpec) string {
	if s.index == nil {
		return lowerFirst(typeName(t)) + "Primary"
	}
	return lowerFirst(typeName(t)) + s.suffix
}

// sortOps lists the sort key conditions a sort key allows, for comments.
func sortOps(k *tags.Key) string {
	switch {
	case !rangeOrdered(k):
		return "Eq"
	case k.Type == tags.AttrN:
		return "Eq, Lt, Le, Gt, Ge, Between"
	}
	return "Eq, Lt, Le, Gt, Ge, Between, BeginsWith"
}

// queryMethods returns the index descriptors and the query and scan methods:
//
//	var (
//		orderPrimary     = &ddb.Index{PK: "customer_id", SK: "order_date"}
//		orderStatusIndex = &ddb.Index{Name: OrderStatusIndex, PK: "customer_id", SK: "status"}
//	)
//
//	// Query queries the "orders" table for the items with partition key customerID;
//	// sort key condition: OrderAttrs.OrderDate (Eq, Lt, Le, Gt, Ge, Between, BeginsWith).
//	func (s *OrderStore) Query(customerID string, opts ...ddb.TableQueryOption) *ddb.Query[Order] {
//		return (*ddb.Query[Order])(ddb.ReadIndex(&s.r, orderPrimary, OrderAttrs.CustomerID.Key(customerID), opts))
//	}
//
//	// ScanStatusTotalIndex scans GSI "status-total-index" (ALL).
//	func (s *OrderStore) ScanStatusTotalIndex(opts ...ddb.QueryOption) *ddb.Scan[Order] {
//		return (*ddb.Scan[Order])(ddb.ReadIndex(&s.r, orderStatusTotalIndex, ddb.ScanAll, opts))
//	}
//
// The conversion gives the items their type without instantiating a generic
// function per item type (see ddb.IndexRead).
func queryMethods(t *tags.Table) (vars []Code, out []method) {
	for _, s := range querySpecs(t) {
		var name Code = Lit("")
		if s.index != nil {
			name = Id(typeName(t) + s.suffix)
		}
		skAttr := ""
		if s.sk != nil {
			skAttr = s.sk.Field.Attr
		}
		ix := []Code{}
		if s.index != nil {
			ix = append(ix, Id("Name").Op(":").Add(name))
		}
		ix = append(ix, Id("PK").Op(":").Lit(s.pk.Field.Attr))
		if skAttr != "" {
			ix = append(ix, Id("SK").Op(":").Lit(skAttr))
		}
		vars = append(vars, Id(indexVar(t, s)).Op("=").Op("&").Qual(pkgDDB, "Index").Values(ix...))

		optType := "TableQueryOption"
		if s.global {
			optType = "QueryOption"
		}
		pkParam := paramName(s.pk.Field)
		comment := []string{fmt.Sprintf("Query%s queries %s for the items with partition key %s", s.suffix, s.what, pkParam)}
		if s.sk != nil {
			comment[0] += ";"
			comment = append(comment, fmt.Sprintf("sort key condition: %s.%s (%s).", attrsName(t), fieldIdent(t.Struct, s.sk.Field), sortOps(s.sk)))
		} else {
			comment[0] += "."
		}
		if s.global {
			comment = append(comment, "A global index has no consistent reads.")
		}
		reader := func() *Statement { return Op("&").Id("s").Dot("r") }
		opts := func() *Statement { return Id("opts").Op("...").Qual(pkgDDB, optType) }
		out = append(out,
			method{name: "Query" + s.suffix, read: true, doc: comment,
				params:  []Code{Id(pkParam).Add(typeCode(s.pk.Field.Type)), opts()},
				results: []Code{Op("*").Qual(pkgDDB, "Query").Types(s.result.Clone())},
				body: []Code{Return(Parens(Op("*").Qual(pkgDDB, "Query").Types(s.result.Clone())).Call(
					Qual(pkgDDB, "ReadIndex").Call(reader(), Id(indexVar(t, s)), Id(attrsName(t)).Dot(fieldIdent(t.Struct, s.pk.Field)).Dot("Key").Call(Id(pkParam)), Id("opts"))))}},
			method{name: "Scan" + s.suffix, read: true, doc: []string{fmt.Sprintf("Scan%s scans %s.", s.suffix, s.what)},
				params:  []Code{opts()},
				results: []Code{Op("*").Qual(pkgDDB, "Scan").Types(s.result.Clone())},
				body: []Code{Return(Parens(Op("*").Qual(pkgDDB, "Scan").Types(s.result.Clone())).Call(
					Qual(pkgDDB, "ReadIndex").Call(reader(), Id(indexVar(t, s)), Qual(pkgDDB, "ScanAll"), Id("opts"))))}},
		)
	}
	return vars, out
}
