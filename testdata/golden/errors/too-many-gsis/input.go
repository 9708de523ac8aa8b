package toomanygsis

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk"`
	G          string `gsi:"gsi-01,pk;gsi-02,pk;gsi-03,pk;gsi-04,pk;gsi-05,pk;gsi-06,pk;gsi-07,pk;gsi-08,pk;gsi-09,pk;gsi-10,pk;gsi-11,pk;gsi-12,pk;gsi-13,pk;gsi-14,pk;gsi-15,pk;gsi-16,pk;gsi-17,pk;gsi-18,pk;gsi-19,pk;gsi-20,pk;gsi-21,pk"`
}
