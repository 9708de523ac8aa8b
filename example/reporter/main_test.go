package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/example/models"
	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// TestReport runs the handler logic against DynamoDB Local.
func TestReport(t *testing.T) {
	ctx := context.Background()
	client := ddblocal.Client(t)
	table := ddblocal.UniqueTableName(t, "orders")
	if err := ddb.CreateTable(ctx, client, models.OrderSchema, table); err != nil {
		t.Fatal(err)
	}
	t.Setenv(models.OrderTableNameEnv, table)
	writer, err := models.OpenOrderStore(client)
	if err != nil {
		t.Fatal(err)
	}
	var all []models.Order
	for i := range 30 {
		status := "shipped"
		if i%3 == 0 {
			status = "pending"
		}
		all = append(all, models.Order{CustomerID: fmt.Sprintf("c%d", i%4), OrderDate: fmt.Sprintf("2026-11-%02d", i+1), Status: status, Total: float64(i)})
	}
	if err := writer.BatchPut(ctx, all); err != nil {
		t.Fatal(err)
	}
	orders, err := models.OpenOrderReadOnlyStore(client)
	if err != nil {
		t.Fatal(err)
	}
	got, err := report(ctx, orders, Request{Status: "shipped", MinTotal: 10})
	if err != nil {
		t.Fatal(err)
	}
	want := Report{Status: "shipped"}
	for _, o := range all {
		if o.Status == "shipped" && o.Total >= 10 {
			want.Orders++
			want.Sum += o.Total
		}
	}
	if got != want {
		t.Errorf("report = %+v, want %+v", got, want)
	}
	if _, err := report(ctx, orders, Request{}); err == nil {
		t.Error("empty status: no error")
	}
}

func TestOpenWithoutLink(t *testing.T) {
	t.Setenv(models.OrderTableNameEnv, "")
	_, err := models.OpenOrderReadOnlyStore(nil)
	if err == nil || !strings.Contains(err.Error(), models.OrderTableNameEnv) {
		t.Fatalf("err = %v, want one naming %s", err, models.OrderTableNameEnv)
	}
}

// TestReadOnlyStoreCannotWrite compiles a function that tries to write through
// the read-only store: the compiler must refuse it.
func TestReadOnlyStoreCannotWrite(t *testing.T) {
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("testdata", "tmp-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	src := `package writer

import (
	"context"

	"github.com/stelviogen/stelviogen/example/models"
)

func write(ctx context.Context, orders *models.OrderReadOnlyStore) error {
	return orders.Put(ctx, &models.Order{CustomerID: "c", OrderDate: "d"})
}
`
	if err := os.WriteFile(filepath.Join(dir, "writer.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "build", "./"+dir).CombinedOutput()
	if err == nil {
		t.Fatal("a write through OrderReadOnlyStore compiled")
	}
	if !strings.Contains(string(out), "orders.Put undefined") {
		t.Fatalf("unexpected compiler output:\n%s", out)
	}
}
