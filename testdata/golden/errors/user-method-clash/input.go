package usermethodclash

import "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

type Order struct {
	_          struct{} `dynamo:"table=orders"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
}

// MarshalItem is the user's own: the generated codec has this method.
func (o *Order) MarshalItem() (map[string]types.AttributeValue, error) { return nil, nil }
