package ddb

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Real DynamoDB reports a nested path without its map in a transaction as
// the action's cancellation reason ValidationError (DynamoDB Local refuses
// the whole request with a ValidationException, which the DynamoDB Local
// tests cover): it is ErrMissingPath too, on that action.
func TestMissingPathAsCancellationReason(t *testing.T) {
	meta := Attr("meta")
	acts := []*txAction{
		{name: "T", op: "Put", key: map[string]types.AttributeValue{"pk": S("a")}},
		{name: "T", op: "Update", key: map[string]types.AttributeValue{"pk": S("b")}, nested: []AttrPath{meta.Member("k")}},
	}
	err := txFailed(acts, &types.TransactionCanceledException{CancellationReasons: []types.CancellationReason{
		{Code: aws.String("None")},
		{Code: aws.String("ValidationError"), Message: aws.String(docPathMessage)},
	}})
	var tce *TxCanceledError
	if !errors.As(err, &tce) || len(tce.Reasons) != 2 {
		t.Fatalf("%v, want a *TxCanceledError with 2 reasons", err)
	}
	r := tce.Reasons[1].Err
	if !errors.Is(r, ErrMissingPath) || !errors.Is(r, ErrInvalidInput) || !errors.Is(err, ErrMissingPath) {
		t.Fatalf("reason %v, want ErrMissingPath and ErrInvalidInput", r)
	}
	want := "ddb: transaction cancelled; action 1 (Update T {pk=S:\"b\"}): no map or list holds the path: meta.k: the stored item has no map or list meta "
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("message %q, want it to start %q", err, want)
	}
}
