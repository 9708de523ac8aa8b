package stcustomkeywithoutparse

type Shop struct {
	_  struct{} `dynamo:"table=shop"`
	PK string   `dynamodbav:"pk" dynamo:"pk"`
	SK string   `dynamodbav:"sk" dynamo:"sk"`
}

type SKU struct{ Code string }

func (s SKU) KeyText() (string, error) { return s.Code, nil }

type Product struct {
	_   struct{} `dynamo:"entity=product,in=Shop" key:"pk=PRODUCT#{SKU},sk=PRODUCT"`
	SKU SKU      `dynamodbav:"sku"`
}
