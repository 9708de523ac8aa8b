package unknownrole

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk"`
	OrderDate  string `dynamodbav:"order_date" dynamo:"sortkey"`
}
