package ddb_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

func BenchmarkEncodeCursor(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ddb.EncodeCursor("orders", "status-index", cursorKey); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeCursor(b *testing.B) {
	c, _ := ddb.EncodeCursor("orders", "status-index", cursorKey)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ddb.DecodeCursor("orders", "status-index", c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkKeyQueryInput(b *testing.B) {
	q := ddb.KeyQuery{Table: "orders", Index: "status-index", PKAttr: "customer_id", PK: ddb.S("c1"),
		SKAttr: "status", SK: ddb.SortCond{Op: ddb.SortBetween, Lo: ddb.S("a"), Hi: ddb.S("m")}, Limit: 20, Descending: true}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := q.Input(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUpdateExpression(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var u ddb.Update
		u.Set("status", ddb.S("shipped")).Add("total", ddb.NInt(3)).Remove("note").
			Add("tags", &types.AttributeValueMemberSS{Value: []string{"x"}})
		var bl ddb.Builder
		_ = u.Expression(&bl)
	}
}
