package tablesettingstwice

type Order struct {
	_          struct{} `dynamo:"table=orders"`
	_          struct{} `dynamo:"stream=new-image"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
}
