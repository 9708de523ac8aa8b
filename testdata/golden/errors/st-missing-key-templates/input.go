package stmissingkeytemplates

type Shop struct {
	_  struct{} `dynamo:"table=shop"`
	PK string   `dynamodbav:"pk" dynamo:"pk"`
	SK string   `dynamodbav:"sk" dynamo:"sk"`
}

type Customer struct {
	_  struct{} `dynamo:"entity=customer,in=Shop" key:"gsi=CUSTOMER#{ID}"`
	ID string   `dynamodbav:"id"`
}
