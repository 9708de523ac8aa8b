// Package defaultname has no table setting: the table name comes from the type
// name, in lower-case words joined by '-': OrderLineItem -> "order-line-item".
package defaultname

type OrderLineItem struct {
	OrderID string `dynamodbav:"order_id" dynamo:"pk"`
	Line    int    `dynamodbav:"line" dynamo:"sk"`
	SKU     string `dynamodbav:"sku"`
}
