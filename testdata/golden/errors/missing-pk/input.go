package missingpk

type Order struct {
	_      struct{} `dynamo:"table=orders"`
	Status string   `dynamodbav:"status" dynamo:"sk"`
}
