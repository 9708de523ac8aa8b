package numbersetonstrings

type Order struct {
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
	Codes      []string `dynamodbav:"codes,numberset"`
}
