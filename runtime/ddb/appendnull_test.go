package ddb_test

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// AppendOrCreate on a list stored as NULL (a nil slice without omitempty,
// written by Put) is DynamoDB's ValidationException, as the README says:
// if_not_exists treats NULL as a value. On a missing list it creates one.
func TestAppendOrCreateOnNULL(t *testing.T) {
	s := newWidgets(t, false)
	if _, err := s.client.PutItem(t.Context(), &dynamodb.PutItemInput{TableName: aws.String(s.name),
		Item: thing("n", 1, "items", &types.AttributeValueMemberNULL{Value: true})}); err != nil {
		t.Fatal(err)
	}
	s.put(&widget{PK: "n", SK: 2})
	if _, err := s.update("n", 1, W.Items.AppendOrCreate("x")); !errors.Is(err, ddb.ErrInvalidInput) {
		t.Errorf("AppendOrCreate on NULL: %v, want ErrInvalidInput", err)
	}
	if got, err := s.update("n", 2, W.Items.AppendOrCreate("x")); err != nil || len(got.Items) != 1 || got.Items[0] != "x" {
		t.Errorf("AppendOrCreate on a missing list: %+v, %v", got, err)
	}
}
