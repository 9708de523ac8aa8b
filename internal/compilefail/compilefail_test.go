// Package compilefail checks that mistakes in typed expressions are compile
// errors, not ValidationExceptions at run time: every snippet below is
// type-checked against the generated code of internal/storetest and must
// fail with the expected message.
package compilefail

import (
	"testing"

	"github.com/stelviogen/stelviogen/internal/compilecheck"
)

// snippets are bodies of functions with s *storetest.OrderStore, ro
// storetest.OrderReadOnlyStore, c *storetest.CounterStore and o
// *storetest.Order in scope; want is part of the compiler's message, or
// empty for the controls, which must compile.
var snippets = []compilecheck.Snippet{
	{"control: conditional put", `_ = s.Put(ctx, o, ddb.If(storetest.OrderAttrs.Status.Eq("paid").And(storetest.OrderAttrs.Total.Ge(10))))`, ``},
	{"control: consistent LSI query", `_ = ro.QueryStatusIndex("c", ddb.ConsistentRead(), storetest.OrderAttrs.Status.BeginsWith("p"), ddb.Filter(storetest.OrderAttrs.Total.Gt(1)))`, ``},
	{"control: transaction", `_ = ddb.WriteTx(ctx, nil, s.TxCreate(o), c.TxUpdate("sku", storetest.CounterAttrs.Hits.Decrement(1), ddb.If(storetest.CounterAttrs.Hits.Ge(1))), ddb.Token("t"))`, ``},
	{"string compared with a number", `_ = storetest.OrderAttrs.Status.Eq(5)`, `cannot use 5 (untyped int constant) as string value`},
	{"number compared with a string", `_ = storetest.OrderAttrs.Total.Ge("10")`, `cannot use "10" (untyped string constant) as float64 value`},
	{"Between of mixed types", `_ = storetest.OrderAttrs.Total.Between(1, "9")`, `cannot use "9" (untyped string constant) as float64 value`},
	{"Add on a string", `_ = storetest.OrderAttrs.Status.Add(1)`, `storetest.OrderAttrs.Status.Add undefined`},
	{"Increment on a string", `_ = storetest.OrderAttrs.Status.Increment(1)`, `storetest.OrderAttrs.Status.Increment undefined`},
	{"BeginsWith on a number", `_ = storetest.OrderAttrs.Total.BeginsWith(1)`, `storetest.OrderAttrs.Total.BeginsWith undefined`},
	{"set element of another type", `_ = storetest.OrderAttrs.Tags.Add(5)`, `cannot use 5 (untyped int constant) as string value`},
	{"Append on a set", `_ = storetest.OrderAttrs.Tags.Append("x")`, `storetest.OrderAttrs.Tags.Append undefined`},
	{"map value of another type", `_ = storetest.CounterAttrs.Meta.Key("k").Set(1)`, `cannot use 1 (untyped int constant) as string value`},
	{"number set element of another type", `_ = storetest.CounterAttrs.Seen.Contains("1")`, `cannot use "1" (untyped string constant) as int value`},
	{"ConsistentRead on a global index", `_ = s.QueryStatusTotalIndex("paid", ddb.ConsistentRead())`, `does not implement ddb.QueryOption`},
	{"an update action as a write option", `_ = s.Put(ctx, o, storetest.OrderAttrs.Status.Set("x"))`, `does not implement ddb.WriteOption`},
	{"Upsert on a read", `_, _ = s.Get(ctx, "c", "d", ddb.Upsert())`, `does not implement ddb.ReadOption`},
	{"Descending on a read", `_, _ = s.Get(ctx, "c", "d", ddb.Descending())`, `does not implement ddb.ReadOption`},
	{"a condition as a read option", `_, _ = s.Get(ctx, "c", "d", storetest.OrderAttrs.Total.Gt(1))`, `does not implement ddb.ReadOption`},
	{"write through a read-only store", `_ = ro.Put(ctx, o)`, `ro.Put undefined`},
	{"an item of another table", `_ = s.Put(ctx, &storetest.Counter{})`, `cannot use &storetest.Counter{} (value of type *storetest.Counter) as *storetest.Order value`},
	{"key of the wrong type", `_, _ = s.Get(ctx, "c", 5)`, `cannot use 5 (untyped int constant) as string value`},
	{"version of a table without one", `_, _ = c.Update(ctx, "id", 3, storetest.CounterAttrs.Hits.Add(1))`, `int does not implement ddb.UpdateOption`},
	{"versioned update without the version", `_, _ = s.Update(ctx, "c", "d", storetest.OrderAttrs.Total.Set(1))`, `cannot use storetest.OrderAttrs.Total.Set(1) (value of struct type ddb.Action) as int64 value`},
	{"control: update at any version", `_, _ = s.UpdateAnyVersion(ctx, "c", "d", storetest.OrderAttrs.Total.Add(1), ddb.If(storetest.OrderAttrs.Total.Ge(0)), ddb.Upsert(), ddb.Return(ddb.UpdatedNew))`, ``},
	{"update at any version of a table without version", `_, _ = c.UpdateAnyVersion(ctx, "id", storetest.CounterAttrs.Hits.Add(1))`, `c.UpdateAnyVersion undefined`},
	{"a version passed to UpdateAnyVersion", `_, _ = s.UpdateAnyVersion(ctx, "c", "d", 3, storetest.OrderAttrs.Total.Set(1))`, `int does not implement ddb.UpdateOption`},
	{"Return on a Put", `_ = s.Put(ctx, o, ddb.Return(ddb.OldItem))`, `does not implement ddb.WriteOption`},
	{"Select of a plain string", `_, _ = s.Get(ctx, "c", "d", ddb.Select("status"))`, `string does not implement ddb.Attribute`},
	{"a transaction with a non-action", `_ = ddb.WriteTx(ctx, nil, storetest.OrderAttrs.Status.Set("x"))`, `does not implement ddb.TxPart`},
}

func TestWrongExpressionsDoNotCompile(t *testing.T) {
	compilecheck.Run(t, "bad", `package bad

import (
	"context"

	"github.com/stelviogen/stelviogen/internal/storetest"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

var (
	_ = ddb.Cond{}
	_ = storetest.OrderAttrs
)
`, "ctx context.Context, s *storetest.OrderStore, ro storetest.OrderReadOnlyStore, c *storetest.CounterStore, o *storetest.Order", snippets)
}
