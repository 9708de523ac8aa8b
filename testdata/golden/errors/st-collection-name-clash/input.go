package stcollectionnameclash

type Shop struct {
	_  struct{} `dynamo:"table=shop"`
	PK string   `dynamodbav:"pk" dynamo:"pk"`
	SK string   `dynamodbav:"sk" dynamo:"sk"`
}

// ORDER#{string} and ORDER#{int} partitions: two collections named Order.
type Order struct {
	_  struct{} `dynamo:"entity=order,in=Shop" key:"pk=ORDER#{ID},sk=ORDER"`
	ID string   `dynamodbav:"id"`
}

type OrderItem struct {
	_       struct{} `dynamo:"entity=order-item,in=Shop" key:"pk=ORDER#{OrderID},sk=ITEM#{N}"`
	OrderID string   `dynamodbav:"order_id"`
	N       int      `dynamodbav:"n"`
}

type Invoice struct {
	_  struct{} `dynamo:"entity=invoice,in=Shop" key:"pk=ORDER#{No},sk=INVOICE"`
	No int64    `dynamodbav:"no"`
}

type Refund struct {
	_  struct{} `dynamo:"entity=refund,in=Shop" key:"pk=ORDER#{No},sk=REFUND"`
	No int64    `dynamodbav:"no"`
}
