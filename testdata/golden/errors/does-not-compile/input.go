package doesnotcompile

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk"`
	Total      Money  `dynamodbav:"total"`
}
