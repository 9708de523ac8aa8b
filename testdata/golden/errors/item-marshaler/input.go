package itemmarshaler

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type Order struct {
	ID     string `dynamodbav:"id" dynamo:"pk"`
	Status string `dynamodbav:"status"`
}

// MarshalDynamoDBAttributeValue would encode the whole item for attributevalue.
func (o Order) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
		"id": &types.AttributeValueMemberS{Value: o.ID},
	}}, nil
}
