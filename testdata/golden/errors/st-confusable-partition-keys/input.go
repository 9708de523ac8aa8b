package stconfusablepartitionkeys

// Session has no sort key: two entities' partition keys must never be equal.
type Session struct {
	_  struct{} `dynamo:"table=sessions"`
	PK string   `dynamodbav:"pk" dynamo:"pk"`
}

type Web struct {
	_  struct{} `dynamo:"entity=web,in=Session" key:"pk=SESSION#{ID}"`
	ID string   `dynamodbav:"id"`
}

type Mobile struct {
	_      struct{} `dynamo:"entity=mobile,in=Session" key:"pk=SESSION#{Device}"`
	Device string   `dynamodbav:"device"`
}
