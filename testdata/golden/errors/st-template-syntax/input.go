package sttemplatesyntax

type Shop struct {
	_  struct{} `dynamo:"table=shop"`
	PK string   `dynamodbav:"pk" dynamo:"pk"`
	SK string   `dynamodbav:"sk" dynamo:"sk"`
}

type Customer struct {
	_     struct{} `dynamo:"entity=customer,in=Shop" key:"pk=CUSTOMER#{ID|upper|lower},sk=PROFILE#{Email|trim}"`
	ID    string   `dynamodbav:"id"`
	Email string   `dynamodbav:"email"`
}
