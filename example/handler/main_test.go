package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/stelviogen/stelviogen/example/models"
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
	return &Handler{Orders: orders}
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
