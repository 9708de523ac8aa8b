package unixtimeonint

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk"`
	Placed     int64  `dynamodbav:"placed,unixtime"`
}
