package keyset

type Order struct {
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
	Tags       []string `dynamodbav:"tags,stringset" dynamo:"sk"`
}
