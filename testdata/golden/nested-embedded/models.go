// Package nestedembedded has an embedded struct (flattened, as attributevalue
// does), nested structs, pointers, maps, sets, times and a custom marshaler.
package nestedembedded

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Audit is embedded: its fields become attributes of the item.
type Audit struct {
	CreatedBy string    `dynamodbav:"created_by"`
	CreatedAt time.Time `dynamodbav:"created_at"`
}

// Address is nested: it is stored as a map.
type Address struct {
	Street string
	City   string `dynamodbav:"city"`
}

// Day is defined as time.Time: attributevalue stores it as a time.
type Day time.Time

// Cents stores itself as a number string through its own marshaler.
type Cents int64

func (c Cents) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberN{Value: "0"}, nil
}

func (c *Cents) UnmarshalDynamoDBAttributeValue(types.AttributeValue) error { return nil }

type Customer struct {
	Audit
	_        struct{}          `dynamo:"table=customers"`
	ID       string            `dynamodbav:"id" dynamo:"pk"`
	Email    string            `dynamodbav:"email" gsi:"by-email,pk,project=name"`
	Name     string            `dynamodbav:"name"`
	Home     Address           `dynamodbav:"home"`
	Others   []Address         `dynamodbav:"others,omitempty"`
	Nick     *string           `dynamodbav:"nick"`
	Scores   map[string]int    `dynamodbav:"scores"`
	Roles    []string          `dynamodbav:"roles,stringset,omitempty"`
	Lucky    []int             `dynamodbav:"lucky,numberset,omitempty"`
	Balance  Cents             `dynamodbav:"balance"`
	Seen     *time.Time        `dynamodbav:"seen,unixtime"`
	Settings map[string]string `dynamodbav:"settings,omitempty"`
	Birthday Day               `dynamodbav:"birthday"`
}
