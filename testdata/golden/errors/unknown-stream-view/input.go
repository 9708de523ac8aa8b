package unknownstreamview

type Order struct {
	_          struct{} `dynamo:"table=orders,stream=new-images"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
}
