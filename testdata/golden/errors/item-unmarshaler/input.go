package itemunmarshaler

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type Order struct {
	ID     string `dynamodbav:"id" dynamo:"pk"`
	Status string `dynamodbav:"status"`
}

func (o *Order) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	return nil
}

// A method of the same name with another signature is not attributevalue's
// Unmarshaler and is left alone.
type Customer struct {
	ID string `dynamodbav:"id" dynamo:"pk"`
}

func (c *Customer) UnmarshalDynamoDBAttributeValue(s string) error { return nil }
