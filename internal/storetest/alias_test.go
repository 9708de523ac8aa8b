package storetest

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// recorder forwards to the real client and keeps every expression the
// generated store sends, with its name and value maps.
type recorder struct {
	ddb.API
	mu    sync.Mutex
	exprs []sentExpr
}

type sentExpr struct {
	op, kind, text string
	names          map[string]string
	values         map[string]types.AttributeValue
}

func (r *recorder) keep(op string, names map[string]string, values map[string]types.AttributeValue, exprs map[string]*string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for kind, e := range exprs {
		if e != nil {
			r.exprs = append(r.exprs, sentExpr{op, kind, *e, names, values})
		}
	}
}

func (r *recorder) GetItem(ctx context.Context, in *dynamodb.GetItemInput, o ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	r.keep("GetItem", in.ExpressionAttributeNames, nil, map[string]*string{"projection": in.ProjectionExpression})
	return r.API.GetItem(ctx, in, o...)
}

func (r *recorder) PutItem(ctx context.Context, in *dynamodb.PutItemInput, o ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	r.keep("PutItem", in.ExpressionAttributeNames, in.ExpressionAttributeValues, map[string]*string{"condition": in.ConditionExpression})
	return r.API.PutItem(ctx, in, o...)
}

func (r *recorder) DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, o ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	r.keep("DeleteItem", in.ExpressionAttributeNames, in.ExpressionAttributeValues, map[string]*string{"condition": in.ConditionExpression})
	return r.API.DeleteItem(ctx, in, o...)
}

func (r *recorder) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, o ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	r.keep("UpdateItem", in.ExpressionAttributeNames, in.ExpressionAttributeValues, map[string]*string{"update": in.UpdateExpression, "condition": in.ConditionExpression})
	return r.API.UpdateItem(ctx, in, o...)
}

func (r *recorder) Query(ctx context.Context, in *dynamodb.QueryInput, o ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	r.keep("Query", in.ExpressionAttributeNames, in.ExpressionAttributeValues, map[string]*string{"key": in.KeyConditionExpression, "filter": in.FilterExpression, "projection": in.ProjectionExpression})
	return r.API.Query(ctx, in, o...)
}

func (r *recorder) Scan(ctx context.Context, in *dynamodb.ScanInput, o ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error) {
	r.keep("Scan", in.ExpressionAttributeNames, in.ExpressionAttributeValues, map[string]*string{"filter": in.FilterExpression, "projection": in.ProjectionExpression})
	return r.API.Scan(ctx, in, o...)
}

func (r *recorder) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	for _, ka := range in.RequestItems {
		r.keep("BatchGetItem", ka.ExpressionAttributeNames, nil, map[string]*string{"projection": ka.ProjectionExpression})
	}
	return r.API.BatchGetItem(ctx, in, o...)
}

// An expression may hold only placeholders, operators, DynamoDB's keywords and
// functions, and list indexes: never an attribute name or a value.
var (
	exprToken   = regexp.MustCompile(`#n\d+|:v\d+|[A-Za-z_]+|\[\d+\]|<>|<=|>=|[=<>(),.+\-]|\s+`)
	exprKeyword = map[string]bool{
		"AND": true, "OR": true, "NOT": true, "BETWEEN": true, "IN": true,
		"SET": true, "ADD": true, "REMOVE": true, "DELETE": true,
		"attribute_exists": true, "attribute_not_exists": true, "attribute_type": true,
		"begins_with": true, "contains": true, "size": true, "if_not_exists": true, "list_append": true,
	}
)

// TestExpressionsAreAliased exercises every store and query method on tables
// whose attributes are DynamoDB reserved words and checks every expression sent:
// each name goes through ExpressionAttributeNames, each value through
// ExpressionAttributeValues, and every placeholder is defined.
func TestExpressionsAreAliased(t *testing.T) {
	ctx := t.Context()
	client, name := newTable(t, OrderSchema)
	rec := &recorder{API: client}
	orders := NewOrderStore(rec, name)
	o := Order{CustomerID: "c-1", OrderDate: "2026-11-01", Status: "new", Total: 10, Tags: []string{"a"}}
	must(t, orders.Create(ctx, &o))
	must(t, orders.Put(ctx, &o))
	_, err := orders.Update(ctx, "c-1", "2026-11-01", o.Version, OrderAttrs.Status.Set("paid"), OrderAttrs.Total.Add(2),
		OrderAttrs.Tags.Add("b"), OrderAttrs.Note.Remove(), OrderAttrs.Notes.SetIfNotExists("n"),
		ddb.If(ddb.And(OrderAttrs.Status.In("new", "open"), OrderAttrs.Tags.Contains("a"), ddb.Not(OrderAttrs.Total.Between(100, 200)),
			OrderAttrs.Notes.NotExists(), OrderAttrs.Note.IsType(ddb.TypeNull), OrderAttrs.Tags.Size().Ge(1), OrderAttrs.Status.BeginsWith("n"), OrderAttrs.Total.IsType(ddb.TypeNumber))))
	must(t, err)
	_, err = orders.Update(ctx, "c-1", "2026-11-01", o.Version+1, OrderAttrs.Tags.Delete("a"), OrderAttrs.Total.Increment(1))
	must(t, err)
	_, err = orders.Get(ctx, "c-1", "2026-11-01", ddb.ConsistentRead())
	must(t, err)
	_, err = orders.BatchGet(ctx, []OrderKey{{CustomerID: "c-1", OrderDate: "2026-11-01"}})
	must(t, err)
	_, err = orders.Get(ctx, "c-1", "2026-11-01", ddb.Select(OrderAttrs.Status, OrderAttrs.Total))
	must(t, err)
	collect(t, orders.Query("c-1", OrderAttrs.OrderDate.Between("2026-01-01", "2026-12-31")).All(ctx))
	collect(t, orders.Query("c-1", OrderAttrs.OrderDate.BeginsWith("2026"), ddb.Descending(), ddb.Filter(OrderAttrs.Total.Gt(0))).All(ctx))
	collect(t, orders.QueryStatusIndex("c-1", OrderAttrs.Status.Eq("paid"), ddb.Select(OrderAttrs.Total)).All(ctx))
	collect(t, orders.QueryStatusTotalIndex("paid", OrderAttrs.Total.Gt(1)).All(ctx))
	collect(t, orders.Scan(ddb.Segment(0, 2), ddb.Filter(ddb.Or(OrderAttrs.Status.Ne("x"), OrderAttrs.Tags.Exists()))).All(ctx))
	n, err := orders.Scan(ddb.Filter(OrderAttrs.Status.Eq("paid"))).Count(ctx)
	must(t, err)
	if n != 1 {
		t.Fatalf("Count = %d, want 1", n)
	}
	must(t, orders.DeleteVersion(ctx, "c-1", "2026-11-01", 4, ddb.If(OrderAttrs.Status.Eq("paid"))))

	// Create, Put, DeleteVersion: a condition each (3); two Updates: update and
	// condition (4); a Get: a projection (1); four queries: a key condition
	// each, two of them with a filter or projection too (6); two scans: a
	// filter each (2).
	if len(rec.exprs) != 16 {
		t.Fatalf("recorded %d expressions, want the calls above", len(rec.exprs))
	}
	for _, e := range rec.exprs {
		rest := exprToken.ReplaceAllStringFunc(e.text, func(tok string) string {
			switch {
			case strings.HasPrefix(tok, "#n"):
				if _, ok := e.names[tok]; !ok {
					t.Errorf("%s %s %q: %s undefined", e.op, e.kind, e.text, tok)
				}
			case strings.HasPrefix(tok, ":v"):
				if _, ok := e.values[tok]; !ok {
					t.Errorf("%s %s %q: %s undefined", e.op, e.kind, e.text, tok)
				}
			case tok[0] >= 'A' && tok[0] <= 'z' && !exprKeyword[tok]:
				t.Errorf("%s %s %q: %q is neither a placeholder nor a keyword", e.op, e.kind, e.text, tok)
			}
			return ""
		})
		if rest != "" {
			t.Errorf("%s %s %q: unexpected text %q", e.op, e.kind, e.text, rest)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
