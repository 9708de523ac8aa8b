package stadjacentplaceholders

type Shop struct {
	_  struct{} `dynamo:"table=shop"`
	PK string   `dynamodbav:"pk" dynamo:"pk"`
	SK string   `dynamodbav:"sk" dynamo:"sk"`
}

type Order struct {
	_        struct{} `dynamo:"entity=order,in=Shop" key:"pk=ORDER#{Customer}{ID},sk=ORDER"`
	Customer string   `dynamodbav:"customer"`
	ID       string   `dynamodbav:"id"`
}
