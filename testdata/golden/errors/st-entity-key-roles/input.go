package stentitykeyroles

type Shop struct {
	_      struct{} `dynamo:"table=shop"`
	PK     string   `dynamodbav:"pk" dynamo:"pk"`
	SK     string   `dynamodbav:"sk" dynamo:"sk"`
	GSI1PK string   `dynamodbav:"gsi1pk,omitempty" gsi:"gsi1,pk"`
}

type Customer struct {
	_     struct{} `dynamo:"entity=customer,in=Shop" key:"pk=CUSTOMER#{ID},sk=PROFILE"`
	ID    string   `dynamodbav:"id" dynamo:"pk"`
	Email string   `dynamodbav:"email" gsi:"gsi1,pk"`
	Kind  string   `dynamodbav:"kind" dynamo:"type"`
}
