package keyslice

type Order struct {
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
	Tags       []string `dynamodbav:"tags" gsi:"by-tags,pk"`
}
