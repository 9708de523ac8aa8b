package ddb_test

import (
	"math"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// Each context of an error message is said once: a batch or a transaction
// names the operation and the table, the error of one of its requests does
// not repeat them. They did: "ddb: BatchWriteItem T: ... put 3: ddb:
// BatchWriteItem T: attribute ...", and the same in transactions.
func TestErrorMessagesSayEachContextOnce(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "c", SK: 1})
	ctx := t.Context()
	T := s.name
	emptyPK := `attribute "pk": empty key value: the table's partition key and partition key of index by-name are each an empty string, which DynamoDB refuses: give it a value`
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"batch put of an empty key", ddb.WriteBatch(ctx, &s.w, []widget{{PK: "a", SK: 1}, {PK: "a", SK: 2}, {PK: "a", SK: 3}, {PK: "", SK: 4}}, nil, nil),
			"ddb: BatchWriteItem " + T + ": 4 request(s) not written [0 1 2 3]: put 3: " + emptyPK},
		{"batch delete of an empty key", ddb.WriteBatch(ctx, &s.w, []widget{{PK: "a", SK: 1}}, []map[string]types.AttributeValue{widgetKey("a", 2), widgetKey("", 3)}, nil),
			"ddb: BatchWriteItem " + T + `: 3 request(s) not written [0 1 2]: delete 1: attribute "pk": empty key value: the table's partition key is an empty string, which DynamoDB refuses: give it a value`},
		{"batch get of an empty key", func() error {
			_, err := ddb.GetBatch[widget](ctx, &s.r, []map[string]types.AttributeValue{widgetKey("a", 1), widgetKey("", 1)}, nil)
			return err
		}(), "ddb: BatchGetItem " + T + `: 2 key(s) not read [0 1]: key 1: attribute "pk": empty key value: the table's partition key is an empty string, which DynamoDB refuses: give it a value`},
		{"TxPut of an empty index key", ddb.WriteTx(ctx, s.client, ddb.TxPut(&s.w, &widget{PK: "a", SK: 1, Code: aws.String("")}, nil)),
			"ddb: transaction action 0 (Put " + T + `): attribute "code": empty key value: partition key of index by-code is an empty string, which DynamoDB refuses: give it a value, or add omitempty to its dynamodbav tag so that an empty value is left out and the item is not in the index (a sparse index)`},
		{"TxCreate of an empty key", ddb.WriteTx(ctx, s.client, ddb.TxCheck(&s.w, widgetKey("c", 1), W.PK.Exists()), ddb.TxCreate(&s.w, &widget{PK: "", SK: 1}, nil)),
			"ddb: transaction action 1 (Put " + T + "): " + emptyPK},
		{"TxUpdate with a bad action", ddb.WriteTx(ctx, s.client, ddb.TxCheck(&s.w, widgetKey("c", 1), W.PK.Exists()), ddb.TxUpdate(&s.w, widgetKey("c", 1), []ddb.UpdateOption{W.PK.Set("x")})),
			"ddb: transaction action 1 (Update " + T + `): attribute "pk": Set cannot be updated: it is the table's partition key: write the item under its new key (Put) and delete the old one`},
		{"TxUpdate with a NaN", ddb.WriteTx(ctx, s.client, ddb.TxUpdate(&s.w, widgetKey("c", 1), []ddb.UpdateOption{W.Total.Add(math.NaN())})),
			"ddb: transaction action 0 (Update " + T + "): Add total: encode: NaN cannot be stored: DynamoDB numbers cannot be NaN or infinite"},
		{"TxCheck of an empty key", ddb.WriteTx(ctx, s.client, ddb.TxCheck(&s.w, widgetKey("", 1), W.PK.Exists())),
			"ddb: transaction action 0 (ConditionCheck " + T + `): attribute "pk": empty key value: the table's partition key is an empty string, which DynamoDB refuses: give it a value`},
		{"TxGet of an empty key", func() error {
			_, err := ddb.ReadTx(ctx, s.client, ddb.TxGet(&s.r, new(widget), widgetKey("", 1), nil))
			return err
		}(),
			"ddb: transaction read 0 (Get " + T + `): attribute "pk": empty key value: the table's partition key is an empty string, which DynamoDB refuses: give it a value`},
		{"Put condition with a NaN", ddb.Put(ctx, &s.w, &widget{PK: "c", SK: 1}, []ddb.WriteOption{ddb.If(W.Total.Eq(math.Inf(-1)))}),
			"ddb: PutItem " + T + ": condition on total: encode: -Inf cannot be stored: DynamoDB numbers cannot be NaN or infinite"},
	}
	for _, c := range cases {
		if c.err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if got := c.err.Error(); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
	// An item the codec cannot encode, in a batch.
	err := ddb.WriteBatch(ctx, &s.w, []widget{{PK: "a", SK: 1, Meta: map[string]string{"": "x"}}}, nil, nil)
	if err == nil || strings.Count(err.Error(), "ddb:") != 1 || strings.Count(err.Error(), T) != 1 || !strings.Contains(err.Error(), ": put 0: ") {
		t.Errorf("batch put of an item that cannot be encoded: %v, want one context and the put named", err)
	}
	if n := s.count(); n != 1 {
		t.Errorf("%d items, want the one put first", n)
	}
}
