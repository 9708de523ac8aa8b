package stinnotatable

type Shop struct {
	_  struct{} `dynamo:"table=shop"`
	PK string   `dynamodbav:"pk" dynamo:"pk"`
	SK string   `dynamodbav:"sk" dynamo:"sk"`
}

type Address struct {
	City string
}

type Customer struct {
	_  struct{} `dynamo:"entity=customer,in=Address" key:"pk=CUSTOMER#{ID},sk=PROFILE"`
	ID string   `dynamodbav:"id"`
}
