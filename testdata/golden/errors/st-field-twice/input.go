package stfieldtwice

type Shop struct {
	_  struct{} `dynamo:"table=shop"`
	PK string   `dynamodbav:"pk" dynamo:"pk"`
	SK string   `dynamodbav:"sk" dynamo:"sk"`
}

type User struct {
	_    struct{} `dynamo:"entity=user,in=Shop" key:"pk=USER#{ID},sk=NAME#{Name}#{Name}"`
	ID   string   `dynamodbav:"id"`
	Name string   `dynamodbav:"name"`
}
