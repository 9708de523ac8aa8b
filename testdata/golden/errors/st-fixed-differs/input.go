package stfixeddiffers

type Shop struct {
	_      struct{} `dynamo:"table=shop"`
	PK     string   `dynamodbav:"pk" dynamo:"pk"`
	SK     string   `dynamodbav:"sk" dynamo:"sk"`
	GSI1PK string   `dynamodbav:"gsi1pk,omitempty" gsi:"gsi1,pk"`
	GSI1SK string   `dynamodbav:"gsi1sk,omitempty" gsi:"gsi1,sk"`
}

type Product struct {
	_     struct{} `dynamo:"entity=product,in=Shop" key:"pk=PRODUCT#{SKU},sk=PRICE#{Price|fixed=2},gsi1pk=CAT#{Cat},gsi1sk=P#{Price|fixed=0}#{SKU}"`
	SKU   string   `dynamodbav:"sku"`
	Cat   string   `dynamodbav:"cat"`
	Price float64  `dynamodbav:"price"`
}
