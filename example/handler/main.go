// Command handler is the example app's orders API: a Lambda function behind an
// API Gateway HTTP API that reads and writes the orders table through the
// generated, typed store of package models. It links no Pulumi.
//
// Routes:
//
//	POST /orders                                   create an order (409 if it exists)
//	GET  /orders/{customerID}?limit=&cursor=       a page of a customer's orders, newest first
//	GET  /orders/{customerID}/{orderDate}          one order (404 if missing)
//	PUT  /orders/{customerID}/{orderDate}/status   set the status; body {"status", "version"} (409 on a stale version)
//	GET  /status/{status}?min_total=               orders with a status, by total (the GSI)
//
// and, on the single-table design of package shop:
//
//	GET  /customers/{customerID}                   a customer with their orders and order items (one query)
//	GET  /shop/status/{status}                     the shop's orders with a status, newest first (GSI by-status)
//	GET  /products/{category}?max_price=           a category's products by price (GSI by-category)
//
// The table names come from STLV_ORDERS_TABLE_NAME and STLV_SHOP_TABLE_NAME,
// set by linking the tables to the function.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"strconv"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/stelviogen/stelviogen/example/models"
	"github.com/stelviogen/stelviogen/example/shop"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Fatalf("aws config: %v", err)
	}
	client := dynamodb.NewFromConfig(cfg)
	orders, err := models.OpenOrderStore(client)
	if err != nil {
		log.Fatal(err)
	}
	shopStore, err := shop.OpenShopStore(client)
	if err != nil {
		log.Fatal(err)
	}
	lambda.Start((&Handler{Orders: orders, Shop: shopStore}).Handle)
}

// Handler serves the orders API from the stores.
type Handler struct {
	Orders *models.OrderStore
	Shop   *shop.ShopStore
}

// maxPage caps the page size a client may ask for.
const maxPage = 100

// Handle routes one HTTP API request. Client mistakes and missing items are
// HTTP responses; only unexpected failures are returned as errors.
func (h *Handler) Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	p := req.PathParameters
	switch req.RouteKey {
	case "POST /orders":
		var o models.Order
		if err := json.Unmarshal([]byte(req.Body), &o); err != nil || o.CustomerID == "" || o.OrderDate == "" {
			return reply(http.StatusBadRequest, errorBody("body must be an order with CustomerID and OrderDate"))
		}
		o.Version = 0 // a new order starts at version 1
		if o.Status == "" {
			o.Status = "pending" // status keys two indexes, which refuse an empty value
		}
		if err := h.Orders.Create(ctx, &o); err != nil {
			return failure(err)
		}
		return reply(http.StatusCreated, o)

	case "GET /orders/{customerID}":
		limit := int32(20)
		if s := req.QueryStringParameters["limit"]; s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > maxPage {
				return reply(http.StatusBadRequest, errorBody("limit must be 1.."+strconv.Itoa(maxPage)))
			}
			limit = int32(n)
		}
		page, next, err := h.Orders.Query(p["customerID"], ddb.Descending(), ddb.Limit(limit)).Page(ctx, req.QueryStringParameters["cursor"])
		if err != nil {
			return failure(err)
		}
		return reply(http.StatusOK, map[string]any{"orders": nonNil(page), "next": next})

	case "GET /orders/{customerID}/{orderDate}":
		o, err := h.Orders.Get(ctx, p["customerID"], p["orderDate"])
		if err != nil {
			return failure(err)
		}
		return reply(http.StatusOK, o)

	case "PUT /orders/{customerID}/{orderDate}/status":
		var body struct {
			Status  string `json:"status"`
			Version int64  `json:"version"`
		}
		if err := json.Unmarshal([]byte(req.Body), &body); err != nil || body.Status == "" {
			return reply(http.StatusBadRequest, errorBody(`body must be {"status": "...", "version": n}`))
		}
		o, err := h.Orders.Update(ctx, p["customerID"], p["orderDate"], body.Version, models.OrderAttrs.Status.Set(body.Status))
		if err != nil {
			return failure(err)
		}
		return reply(http.StatusOK, o)

	case "GET /status/{status}":
		opts := []ddb.QueryOption{ddb.Limit(maxPage)}
		if s := req.QueryStringParameters["min_total"]; s != "" {
			minTotal, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return reply(http.StatusBadRequest, errorBody("min_total must be a number"))
			}
			opts = append(opts, models.OrderAttrs.Total.Ge(minTotal))
		}
		var out []models.Order
		for o, err := range h.Orders.QueryStatusTotalIndex(p["status"], opts...).All(ctx) {
			if err != nil {
				return failure(err)
			}
			out = append(out, o)
		}
		return reply(http.StatusOK, map[string]any{"orders": nonNil(out)})

	case "GET /customers/{customerID}":
		// One query of the customer's partition: profile, orders and their
		// items, each decoded as its entity (the Customer collection).
		out := map[string]any{"orders": []*shop.Order{}, "items": []*shop.OrderItem{}}
		var orders []*shop.Order
		var items []*shop.OrderItem
		for it, err := range h.Shop.QueryCustomer(p["customerID"]).All(ctx) {
			if err != nil {
				return failure(err)
			}
			switch x := it.(type) {
			case *shop.Customer:
				out["customer"] = x
			case *shop.Order:
				orders = append(orders, x)
			case *shop.OrderItem:
				items = append(items, x)
			}
		}
		if out["customer"] == nil {
			return reply(http.StatusNotFound, errorBody("customer not found"))
		}
		out["orders"], out["items"] = nonNil(orders), nonNil(items)
		return reply(http.StatusOK, out)

	case "GET /shop/status/{status}":
		page, _, err := h.Shop.Order.QueryByStatusIndex(p["status"], ddb.Descending(), ddb.Limit(maxPage)).Page(ctx, "")
		if err != nil {
			return failure(err)
		}
		return reply(http.StatusOK, map[string]any{"orders": nonNil(page)})

	case "GET /products/{category}":
		var opts []ddb.QueryOption
		if s := req.QueryStringParameters["max_price"]; s != "" {
			maxPrice, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return reply(http.StatusBadRequest, errorBody("max_price must be an integer (cents)"))
			}
			opts = append(opts, shop.ProductKeyParts.Price.Le(maxPrice))
		}
		var out []shop.Product
		for pr, err := range h.Shop.Product.QueryByCategoryIndex(p["category"], opts...).All(ctx) {
			if err != nil {
				return failure(err)
			}
			out = append(out, pr)
		}
		return reply(http.StatusOK, map[string]any{"products": nonNil(out)})
	}
	return reply(http.StatusNotFound, errorBody("no route "+req.RouteKey))
}

// failure maps the store's typed errors to HTTP statuses.
func failure(err error) (events.APIGatewayV2HTTPResponse, error) {
	switch {
	case errors.Is(err, ddb.ErrNotFound):
		return reply(http.StatusNotFound, errorBody("order not found"))
	case errors.Is(err, ddb.ErrVersionConflict):
		return reply(http.StatusConflict, errorBody("the order changed meanwhile: read it again"))
	case errors.Is(err, ddb.ErrConditionFailed):
		return reply(http.StatusConflict, errorBody("the order already exists"))
	case errors.Is(err, ddb.ErrInvalidCursor):
		return reply(http.StatusBadRequest, errorBody("invalid cursor"))
	case errors.Is(err, ddb.ErrInvalidInput):
		return reply(http.StatusBadRequest, errorBody(err.Error()))
	}
	return events.APIGatewayV2HTTPResponse{}, err
}

func reply(status int, body any) (events.APIGatewayV2HTTPResponse, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return events.APIGatewayV2HTTPResponse{
		StatusCode: status,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       string(b),
	}, nil
}

func errorBody(msg string) map[string]string { return map[string]string{"error": msg} }

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
