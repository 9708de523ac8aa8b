package tablenamelong

type Order struct {
	_  struct{} `dynamo:"table=tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt"`
	ID string   `dynamodbav:"id" dynamo:"pk"`
}
