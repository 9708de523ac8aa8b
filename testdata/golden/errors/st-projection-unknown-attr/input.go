package stprojectionunknownattr

type Shop struct {
	_      struct{} `dynamo:"table=shop"`
	PK     string   `dynamodbav:"pk" dynamo:"pk"`
	SK     string   `dynamodbav:"sk" dynamo:"sk"`
	GSI1PK string   `dynamodbav:"gsi1pk,omitempty" gsi:"gsi1,pk,project=email|_et|nmae"`
	GSI1SK string   `dynamodbav:"gsi1sk,omitempty" gsi:"gsi1,sk"`
}

type Customer struct {
	_     struct{} `dynamo:"entity=customer,in=Shop" key:"pk=CUSTOMER#{ID},sk=PROFILE,gsi1pk=EMAIL#{Email},gsi1sk=CUSTOMER"`
	ID    string   `dynamodbav:"id"`
	Email string   `dynamodbav:"email"`
	Name  string   `dynamodbav:"name"`
}
