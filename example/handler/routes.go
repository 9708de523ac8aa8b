package main

// routes are the route keys Handle serves, as the HTTP API declares them for
// the function. The local server (local.go, scripts/dev.sh) routes requests by
// them; local_test.go checks that they are exactly the cases of Handle.
var routes = []string{
	"POST /orders",
	"GET /orders/{customerID}",
	"GET /orders/{customerID}/{orderDate}",
	"PUT /orders/{customerID}/{orderDate}/status",
	"GET /status/{status}",
	"GET /customers/{customerID}",
	"GET /shop/status/{status}",
	"GET /products/{category}",
}
