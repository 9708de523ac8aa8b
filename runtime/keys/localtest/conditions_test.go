// Package localtest checks the key conditions of package keys on DynamoDB
// Local: the server's order and its acceptance of the bounds (U+10FFFF,
// U+0001) are DynamoDB's, not only this package's model of them.
package localtest

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/keys"
)

// One partition holds the items of several templates; every condition of one
// template, queried on DynamoDB Local, returns exactly the keys this
// package's model of DynamoDB (Cond.Match, byte order) selects, in that
// order, and a key of another template only where Compare says so.
func TestConditionsOnDynamoDBLocal(t *testing.T) {
	client := ddblocal.Client(t)
	name := ddblocal.UniqueTableName(t, "keys")
	schema := ddb.TableSchema{
		Name: "keys",
		PK:   ddb.KeyAttr{Name: "pk", Type: types.ScalarAttributeTypeS},
		SK:   ddb.KeyAttr{Name: "sk", Type: types.ScalarAttributeTypeS},
	}
	if err := ddb.CreateTable(t.Context(), client, schema, name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ddb.DeleteTable(t.Context(), client, name) })

	region := keys.MustBind("R#{Region}#{N}", keys.SortKey, 0, keys.KindString, keys.KindInt)
	order := keys.MustBind("ORDER#{PlacedAt}#{ID}", keys.SortKey, 0, keys.KindTime, keys.KindString)
	name1 := keys.MustBind("P#{Name}", keys.SortKey, 0, keys.KindString)
	num := keys.MustBind("R#{N}", keys.SortKey, 0, keys.KindInt)
	templates := []*keys.Template{region, order, name1, num}

	// texts around the orders that differ between UTF-8 and UTF-16:
	// U+FF21 (BMP above the surrogates) and U+1F600 (supplementary)
	texts := []string{"eu", "eu-west", "eu west", "e", "f", "é", "Ａ", "😀", "a😀", "aＡ", "z", "~", "eu!", "eu\u007f"}
	ints := []int64{math.MinInt64, -7, -1, 0, 1, 42, math.MaxInt64}
	base := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	times := []time.Time{base, base.Add(1), base.Add(-time.Nanosecond), base.AddDate(0, 1, 0), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)}
	all := map[*keys.Template][]string{}
	var sks []string
	put := func(tp *keys.Template, b keys.Builder) {
		sk, err := b.Key()
		if err != nil {
			t.Fatal(err)
		}
		all[tp] = append(all[tp], sk)
		sks = append(sks, sk)
		if _, err := client.PutItem(t.Context(), &dynamodb.PutItemInput{TableName: aws.String(name),
			Item: map[string]types.AttributeValue{"pk": ddb.S("p"), "sk": ddb.S(sk)}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range texts {
		for _, n := range ints[:4] {
			put(region, region.Begin(nil).Text(s).Int(n))
		}
		put(name1, name1.Begin(nil).Text(s))
		put(order, order.Begin(nil).Time(times[len(s)%len(times)]).Text(s))
	}
	for _, n := range ints {
		put(num, num.Begin(nil).Int(n))
	}
	for _, tm := range times {
		put(order, order.Begin(nil).Time(tm).Text("o"))
	}
	// a constant under a shared literal
	profile := keys.MustBind("R#PROFILE", keys.SortKey, 0)
	put(profile, profile.Begin(nil))

	query := func(c keys.Cond) []string {
		expr := "pk = :p"
		vals := map[string]types.AttributeValue{":p": ddb.S("p")}
		switch c.Kind {
		case keys.CondEq:
			expr += " AND sk = :a"
		case keys.CondBeginsWith:
			expr += " AND begins_with(sk, :a)"
		case keys.CondBetween:
			expr += " AND sk BETWEEN :a AND :b"
			vals[":b"] = ddb.S(c.B)
		}
		if c.Kind != keys.CondNone {
			vals[":a"] = ddb.S(c.A)
		}
		out, err := client.Query(t.Context(), &dynamodb.QueryInput{TableName: aws.String(name), KeyConditionExpression: aws.String(expr),
			ExpressionAttributeValues: vals, ConsistentRead: aws.Bool(true)})
		if err != nil {
			t.Fatalf("query %+q: %v", c, err)
		}
		var got []string
		for _, it := range out.Items {
			got = append(got, it["sk"].(*types.AttributeValueMemberS).Value)
		}
		return got
	}
	r := rand.New(rand.NewPCG(17, 17))
	checked, foreign := 0, 0
	for n := 0; n < 300; n++ {
		tp := templates[r.IntN(len(templates))]
		ref, _ := tp.Split(nil, all[tp][r.IntN(len(all[tp]))])
		other, _ := tp.Split(nil, all[tp][r.IntN(len(all[tp]))])
		other2, _ := tp.Split(nil, all[tp][r.IntN(len(all[tp]))])
		k := r.IntN(len(tp.Fields))
		op := keys.Op(1 + r.IntN(6))
		c, err := tp.Range(ref[:k], op, other[k], other2[k])
		if errors.Is(err, keys.ErrInexactRange) || errors.Is(err, keys.ErrEmptyRange) {
			continue
		}
		if r.IntN(3) == 0 {
			c, err = tp.Prefix(ref[:k]...)
		}
		if err != nil {
			t.Fatal(err)
		}
		got := query(c)
		var want []string // DynamoDB's order is the keys' byte order
		for _, sk := range sks {
			if c.Match(sk) {
				want = append(want, sk)
			}
		}
		slices.Sort(want)
		want = slices.Compact(want)
		if !slices.Equal(got, want) {
			t.Fatalf("%s %+q:\n DynamoDB %q\n model    %q", tp, c, got, want)
		}
		// a key of another template is selected only where Compare says a
		// query of tp can select its keys
		for _, sk := range got {
			if slices.Contains(all[tp], sk) {
				continue
			}
			owner := ""
			for _, o := range append(templates, profile) {
				if slices.Contains(all[o], sk) && keys.Compare(tp, o).BInA != nil {
					owner = o.Source
				}
			}
			if owner == "" {
				t.Fatalf("%s %+q selected %q, which Compare does not allow", tp, c, sk)
			}
			foreign++
		}
		checked++
	}
	t.Logf("%d conditions, %d keys of another template selected as Compare predicts", checked, foreign)
	if o := keys.Compare(order, name1); !o.Disjoint() {
		t.Errorf("ORDER#… and P#… meet: %s", o.Explain())
	}
	if checked < 100 {
		t.Errorf("only %d conditions checked", checked)
	}
}
