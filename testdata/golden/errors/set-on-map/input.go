package setonmap

type Order struct {
	CustomerID string              `dynamodbav:"customer_id" dynamo:"pk"`
	Tags       map[string]struct{} `dynamodbav:"tags,stringset"`
}
