package sttypefieldiskey

type Shop struct {
	_    struct{} `dynamo:"table=shop"`
	PK   string   `dynamodbav:"pk" dynamo:"pk"`
	SK   string   `dynamodbav:"sk" dynamo:"sk"`
	Kind string   `dynamodbav:"kind" dynamo:"type" gsi:"by-kind,pk"`
}

type Customer struct {
	_  struct{} `dynamo:"entity=customer,in=Shop" key:"pk=CUSTOMER#{ID},sk=PROFILE"`
	ID string   `dynamodbav:"id"`
}
