package stentityattrfoldstokeyattr

type Shop struct {
	_  struct{} `dynamo:"table=shop"`
	PK string   `dynamodbav:"pk" dynamo:"pk"`
	SK string   `dynamodbav:"sk" dynamo:"sk"`
}

type Customer struct {
	_    struct{} `dynamo:"entity=customer,in=Shop" key:"pk=CUSTOMER#{ID},sk=PROFILE"`
	ID   string   `dynamodbav:"id"`
	Code string   `dynamodbav:"PK"`
	Kind string   `dynamodbav:"_ET"`
}
