package stversionintemplate

type Shop struct {
	_  struct{} `dynamo:"table=shop"`
	PK string   `dynamodbav:"pk" dynamo:"pk"`
	SK string   `dynamodbav:"sk" dynamo:"sk"`
}

type Customer struct {
	_       struct{} `dynamo:"entity=customer,in=Shop" key:"pk=CUSTOMER#{ID},sk=V#{Version}"`
	ID      string   `dynamodbav:"id"`
	Version int64    `dynamodbav:"version" dynamo:"version"`
}
