package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/stelviogen/stelviogen/example/models"
	"github.com/stelviogen/stelviogen/example/shop"
	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// newHandler serves a fresh orders table on the local server, found the way
// the deployed function finds it: through the link's environment variable.
func newHandler(t *testing.T) *Handler {
	t.Helper()
	client := ddblocal.Client(t)
	name := ddblocal.UniqueTableName(t, "orders")
	if err := ddb.CreateTable(t.Context(), client, models.OrderSchema, name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ddb.DeleteTable(context.Background(), client, name); err != nil {
			t.Errorf("delete table: %v", err)
		}
	})
	t.Setenv(models.OrderTableNameEnv, name)
	orders, err := models.OpenOrderStore(client)
	if err != nil {
		t.Fatal(err)
	}
	shopName := ddblocal.UniqueTableName(t, "shop")
	if err := ddb.CreateTable(t.Context(), client, shop.ShopSchema, shopName); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ddb.DeleteTable(context.Background(), client, shopName); err != nil {
			t.Errorf("delete table: %v", err)
		}
	})
	t.Setenv(shop.ShopTableNameEnv, shopName)
	shopStore, err := shop.OpenShopStore(client)
	if err != nil {
		t.Fatal(err)
	}
	return &Handler{Orders: orders, Shop: shopStore}
}

type call struct {
	route  string
	params map[string]string
	query  map[string]string
	body   string
}

func (h *Handler) do(t *testing.T, c call) (int, map[string]any) {
	t.Helper()
	resp, err := h.Handle(t.Context(), events.APIGatewayV2HTTPRequest{
		RouteKey: c.route, PathParameters: c.params, QueryStringParameters: c.query, Body: c.body,
	})
	if err != nil {
		t.Fatalf("%s: %v", c.route, err)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
		t.Fatalf("%s: body %q: %v", c.route, resp.Body, err)
	}
	return resp.StatusCode, body
}

func TestOrdersAPI(t *testing.T) {
	h := newHandler(t)
	create := func(date string, total float64) (int, map[string]any) {
		b, _ := json.Marshal(models.Order{CustomerID: "alice", OrderDate: date, Status: "new", Total: total})
		return h.do(t, call{route: "POST /orders", body: string(b)})
	}
	for i, d := range []string{"2024-05-01", "2024-05-02", "2024-05-03"} {
		if code, body := create(d, float64(10*(i+1))); code != http.StatusCreated || body["Version"] != 1.0 {
			t.Fatalf("create %s: %d %v", d, code, body)
		}
	}
	if code, _ := create("2024-05-01", 1); code != http.StatusConflict {
		t.Fatalf("creating an existing order: %d, want 409", code)
	}
	if code, _ := h.do(t, call{route: "POST /orders", body: `{"Total": 1}`}); code != http.StatusBadRequest {
		t.Fatalf("order without key: %d, want 400", code)
	}

	// Pages of two, newest first, following the cursor.
	code, page := h.do(t, call{route: "GET /orders/{customerID}", params: map[string]string{"customerID": "alice"}, query: map[string]string{"limit": "2"}})
	orders := page["orders"].([]any)
	if code != http.StatusOK || len(orders) != 2 || orders[0].(map[string]any)["OrderDate"] != "2024-05-03" || page["next"] == "" {
		t.Fatalf("first page: %d %v", code, page)
	}
	_, page = h.do(t, call{route: "GET /orders/{customerID}", params: map[string]string{"customerID": "alice"}, query: map[string]string{"limit": "2", "cursor": page["next"].(string)}})
	if orders := page["orders"].([]any); len(orders) != 1 || orders[0].(map[string]any)["OrderDate"] != "2024-05-01" {
		t.Fatalf("second page: %v", page)
	}
	if code, _ := h.do(t, call{route: "GET /orders/{customerID}", params: map[string]string{"customerID": "alice"}, query: map[string]string{"cursor": "forged"}}); code != http.StatusBadRequest {
		t.Fatalf("forged cursor: %d, want 400", code)
	}

	key := map[string]string{"customerID": "alice", "orderDate": "2024-05-02"}
	if code, body := h.do(t, call{route: "GET /orders/{customerID}/{orderDate}", params: key}); code != http.StatusOK || body["Total"] != 20.0 {
		t.Fatalf("get: %d %v", code, body)
	}
	if code, _ := h.do(t, call{route: "GET /orders/{customerID}/{orderDate}", params: map[string]string{"customerID": "bob", "orderDate": "x"}}); code != http.StatusNotFound {
		t.Fatalf("get missing: %d, want 404", code)
	}

	// Optimistic locking: the second update based on version 1 conflicts.
	status := call{route: "PUT /orders/{customerID}/{orderDate}/status", params: key, body: `{"status": "shipped", "version": 1}`}
	if code, body := h.do(t, status); code != http.StatusOK || body["Status"] != "shipped" || body["Version"] != 2.0 {
		t.Fatalf("set status: %d %v", code, body)
	}
	if code, _ := h.do(t, status); code != http.StatusConflict {
		t.Fatalf("stale status update: %d, want 409", code)
	}
	status.params = map[string]string{"customerID": "bob", "orderDate": "x"}
	if code, _ := h.do(t, status); code != http.StatusNotFound {
		t.Fatalf("status of a missing order: %d, want 404", code)
	}

	// The GSI: shipped orders with a total of at least 15.
	code, body := h.do(t, call{route: "GET /status/{status}", params: map[string]string{"status": "shipped"}, query: map[string]string{"min_total": "15"}})
	if got := body["orders"].([]any); code != http.StatusOK || len(got) != 1 || got[0].(map[string]any)["OrderDate"] != "2024-05-02" {
		t.Fatalf("by status: %d %v", code, body)
	}
	if code, body := h.do(t, call{route: "GET /status/{status}", params: map[string]string{"status": "new"}, query: map[string]string{"min_total": "100"}}); code != http.StatusOK || len(body["orders"].([]any)) != 0 {
		t.Fatalf("no match: %d %v", code, body)
	}
	if code, _ := h.do(t, call{route: "DELETE /orders"}); code != http.StatusNotFound {
		t.Fatalf("unknown route: %d, want 404", code)
	}
}

// The function binary must stay small: nothing of Pulumi may be linked in.
func TestHandlerLinksNoPulumi(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "pulumi") {
			t.Errorf("the handler links %s", dep)
		}
	}
	if !strings.Contains(string(out), "github.com/stelviogen/stelviogen/runtime/ddb") {
		t.Fatal("go list output does not list runtime/ddb: the check would prove nothing")
	}
}

// The single-table routes: a customer's partition in one query (profile,
// orders, items, each as its type), orders by status newest first, and a
// category's products under a price.
func TestShopRoutes(t *testing.T) {
	h := newHandler(t)
	ctx := t.Context()
	day := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	if err := h.Shop.Customer.Put(ctx, &shop.Customer{ID: "c1", Name: "Ada", Email: "ada@example.com"}); err != nil {
		t.Fatal(err)
	}
	for i, id := range []string{"o1", "o2"} {
		placed := day.Add(time.Duration(i) * time.Hour)
		if err := h.Shop.Order.Put(ctx, &shop.Order{CustomerID: "c1", ID: id, PlacedAt: placed, Status: "paid", Total: 1200}); err != nil {
			t.Fatal(err)
		}
		for line := 1; line <= 2; line++ {
			if err := h.Shop.OrderItem.Put(ctx, &shop.OrderItem{CustomerID: "c1", OrderID: id, PlacedAt: placed, Line: line, SKU: "tea", Quantity: line}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, p := range []shop.Product{{SKU: "tea", Category: "drinks", Price: 300}, {SKU: "coffee", Category: "drinks", Price: 450}, {SKU: "cake", Category: "food", Price: 250}} {
		if err := h.Shop.Product.Put(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	status, body := h.do(t, call{route: "GET /customers/{customerID}", params: map[string]string{"customerID": "c1"}})
	if status != http.StatusOK || body["customer"].(map[string]any)["Name"] != "Ada" || len(body["orders"].([]any)) != 2 || len(body["items"].([]any)) != 4 {
		t.Errorf("customer c1: %d %v", status, body)
	}
	if status, _ := h.do(t, call{route: "GET /customers/{customerID}", params: map[string]string{"customerID": "c9"}}); status != http.StatusNotFound {
		t.Errorf("missing customer: %d", status)
	}
	status, body = h.do(t, call{route: "GET /shop/status/{status}", params: map[string]string{"status": "paid"}})
	if orders := body["orders"].([]any); status != http.StatusOK || len(orders) != 2 || orders[0].(map[string]any)["ID"] != "o2" {
		t.Errorf("paid orders, newest first: %d %v", status, body)
	}
	status, body = h.do(t, call{route: "GET /products/{category}", params: map[string]string{"category": "drinks"}, query: map[string]string{"max_price": "400"}})
	if ps := body["products"].([]any); status != http.StatusOK || len(ps) != 1 || ps[0].(map[string]any)["SKU"] != "tea" {
		t.Errorf("drinks up to 400: %d %v", status, body)
	}
	if status, _ := h.do(t, call{route: "GET /customers/{customerID}", params: map[string]string{"customerID": "c#1"}}); status != http.StatusBadRequest {
		t.Errorf("a separator in a key field: %d", status)
	}
}
