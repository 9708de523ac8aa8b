package stindexhalffilled

type Shop struct {
	_      struct{} `dynamo:"table=shop"`
	PK     string   `dynamodbav:"pk" dynamo:"pk"`
	SK     string   `dynamodbav:"sk" dynamo:"sk"`
	GSI1PK string   `dynamodbav:"gsi1pk,omitempty" gsi:"gsi1,pk"`
	GSI1SK string   `dynamodbav:"gsi1sk,omitempty" gsi:"gsi1,sk"`
}

type Customer struct {
	_     struct{} `dynamo:"entity=customer,in=Shop" key:"pk=CUSTOMER#{ID},sk=PROFILE,gsi1pk=EMAIL#{Email}"`
	ID    string   `dynamodbav:"id"`
	Email string   `dynamodbav:"email"`
}
