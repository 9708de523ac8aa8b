package unknownstreamview

type Order struct {
	_          struct{} `dynamo:"table=orders,stream=new_image"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
}
