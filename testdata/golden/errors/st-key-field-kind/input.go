package stkeyfieldkind

type Shop struct {
	_  struct{} `dynamo:"table=shop"`
	PK string   `dynamodbav:"pk" dynamo:"pk"`
	SK string   `dynamodbav:"sk" dynamo:"sk"`
}

type Address struct{ City string }

type Customer struct {
	_       struct{}          `dynamo:"entity=customer,in=Shop" key:"pk=CUSTOMER#{Active}#{Tags}#{Attrs}#{Address},sk=PROFILE"`
	Active  bool              `dynamodbav:"active"`
	Tags    []string          `dynamodbav:"tags"`
	Attrs   map[string]string `dynamodbav:"attrs"`
	Address Address           `dynamodbav:"address"`
}
