package stkeyfieldfloat

type Shop struct {
	_  struct{} `dynamo:"table=shop"`
	PK string   `dynamodbav:"pk" dynamo:"pk"`
	SK string   `dynamodbav:"sk" dynamo:"sk"`
}

type Product struct {
	_     struct{} `dynamo:"entity=product,in=Shop" key:"pk=PRODUCT#{SKU},sk=PRICE#{Price}"`
	SKU   string   `dynamodbav:"sku"`
	Price float64  `dynamodbav:"price"`
}
