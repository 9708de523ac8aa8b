// Package projections is the guide's dictionary-syntax example: the local index
// projects ["total"], the global index projects "all".
package projections

type Order struct {
	_          struct{} `dynamo:"table=orders"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
	OrderDate  string   `dynamodbav:"order_date" dynamo:"sk"`
	Status     string   `dynamodbav:"status" lsi:"status-index,project=total" gsi:"status-total-index,pk,project=all"`
	Total      float64  `dynamodbav:"total" gsi:"status-total-index,sk"`
}

// Shipment projects specific attributes, as LocalIndex(projections=["total", "customer_id"]):
// the key attribute customer_id is always projected, so only total is listed.
type Shipment struct {
	_          struct{} `dynamo:"table=shipments"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
	ShippedAt  string   `dynamodbav:"shipped_at" dynamo:"sk"`
	Status     string   `dynamodbav:"status" lsi:"status-index,project=total|customer_id"`
	Total      float64  `dynamodbav:"total"`
	Carrier    string   `dynamodbav:"carrier" gsi:"by-carrier,pk,project=status|total"`
}
