package stversionttlonentitytable

type Shop struct {
	_         struct{} `dynamo:"table=shop"`
	PK        string   `dynamodbav:"pk" dynamo:"pk"`
	SK        string   `dynamodbav:"sk" dynamo:"sk"`
	Version   int64    `dynamodbav:"version" dynamo:"version"`
	ExpiresAt int64    `dynamodbav:"expires_at" dynamo:"ttl"`
}

type Customer struct {
	_  struct{} `dynamo:"entity=customer,in=Shop" key:"pk=CUSTOMER#{ID},sk=PROFILE"`
	ID string   `dynamodbav:"id"`
}
