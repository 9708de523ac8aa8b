package stentityoptionswithoutentities

type Order struct {
	_    struct{} `dynamo:"table=orders,type=kind,sep=|"`
	ID   string   `dynamodbav:"id" dynamo:"pk"`
	Kind string   `dynamodbav:"kind" dynamo:"type"`
}
