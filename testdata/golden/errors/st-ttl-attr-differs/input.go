package stttlattrdiffers

type Shop struct {
	_  struct{} `dynamo:"table=shop"`
	PK string   `dynamodbav:"pk" dynamo:"pk"`
	SK string   `dynamodbav:"sk" dynamo:"sk"`
}

type Session struct {
	_         struct{} `dynamo:"entity=session,in=Shop" key:"pk=SESSION#{ID},sk=SESSION"`
	ID        string   `dynamodbav:"id"`
	ExpiresAt int64    `dynamodbav:"expires_at" dynamo:"ttl"`
}

type Token struct {
	_   struct{} `dynamo:"entity=token,in=Shop" key:"pk=TOKEN#{ID},sk=TOKEN"`
	ID  string   `dynamodbav:"id"`
	TTL int64    `dynamodbav:"ttl" dynamo:"ttl"`
}
