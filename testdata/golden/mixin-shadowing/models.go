// Package mixinshadowing shares keys through an embedded mixin (not a table of
// its own), lets an outer field shadow an embedded one with the same attribute
// name (the shallower wins, as in attributevalue), and stores its TTL as
// attributevalue.UnixTime.
package mixinshadowing

import "github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"

// Keys is a mixin: every table embedding it is keyed by tenant and id.
type Keys struct {
	Tenant string `dynamodbav:"tenant" dynamo:"pk"`
	ID     string `dynamodbav:"id" dynamo:"sk"`
	Note   string `dynamodbav:"note"`
}

type Invoice struct {
	Keys
	_       struct{}                `dynamo:"table=invoices"`
	Note    string                  `dynamodbav:"note"` // shadows Keys.Note
	Amount  int64                   `dynamodbav:"amount"`
	Expires attributevalue.UnixTime `dynamodbav:"expires" dynamo:"ttl"`
}

type Receipt struct {
	Keys
	_    struct{} `dynamo:"table=receipts"`
	Paid bool     `dynamodbav:"paid"`
}
