package unsupportedtype

type Order struct {
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
	Done       chan int `dynamodbav:"done"`
}
