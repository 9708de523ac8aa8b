package envnamecollision

type A struct {
	_  struct{} `dynamo:"table=my-table"`
	ID string   `dynamodbav:"id" dynamo:"pk"`
}

type B struct {
	_  struct{} `dynamo:"table=my_table"`
	ID string   `dynamodbav:"id" dynamo:"pk"`
}
