package itemmarshalermixin

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Audit encodes itself; as a named field's type that is fine.
type Audit struct {
	By string
}

func (a Audit) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberS{Value: a.By}, nil
}

func (a *Audit) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	if s, ok := av.(*types.AttributeValueMemberS); ok {
		a.By = s.Value
	}
	return nil
}

// Order embeds Audit, so Go promotes Audit's methods to Order and
// attributevalue would encode every Order with them.
type Order struct {
	Audit
	ID string `dynamodbav:"id" dynamo:"pk"`
}

// Customer holds an Audit as a named field: nothing is promoted.
type Customer struct {
	ID      string `dynamodbav:"id" dynamo:"pk"`
	Created Audit  `dynamodbav:"created"`
}

// Labels is no struct, but embedding it promotes its method all the same.
type Labels map[string]string

func (l Labels) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberNULL{Value: true}, nil
}

type Product struct {
	ID string `dynamodbav:"id" dynamo:"pk"`
	Labels
}
