package localdev

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// items has a stream, a TTL and a global index; notes is a plain table.
var (
	items = ddb.TableSchema{
		Name:       "items",
		PK:         ddb.KeyAttr{Name: "id", Type: types.ScalarAttributeTypeS},
		GSIs:       []ddb.IndexSchema{{Name: "by-kind", PK: ddb.KeyAttr{Name: "kind", Type: types.ScalarAttributeTypeS}, Projection: types.ProjectionTypeAll}},
		StreamView: types.StreamViewTypeNewAndOldImages,
		TTL:        "expires_at",
	}
	notes = ddb.TableSchema{
		Name: "my-notes",
		PK:   ddb.KeyAttr{Name: "user", Type: types.ScalarAttributeTypeS},
		SK:   ddb.KeyAttr{Name: "at", Type: types.ScalarAttributeTypeN},
	}
)

// restoreEnv makes the link variables of the schemas return to their values
// when the test ends, whatever the code under test sets.
func restoreEnv(t *testing.T, schemas ...ddb.TableSchema) {
	t.Helper()
	for _, s := range schemas {
		for _, v := range []string{ddb.TableNameEnv(s.Name), ddb.TableARNEnv(s.Name)} {
			t.Setenv(v, os.Getenv(v))
		}
	}
}

func deleteTables(t *testing.T, client *dynamodb.Client, tables []Table) {
	t.Helper()
	t.Cleanup(func() {
		for _, tb := range tables {
			if err := ddb.DeleteTable(context.Background(), client, tb.Name); err != nil {
				t.Errorf("delete %s: %v", tb.Name, err)
			}
		}
	})
}

func TestCreateTablesAndLinkEnv(t *testing.T) {
	ctx := t.Context()
	client := Client(ddblocal.Endpoint(t))
	prefix := ddblocal.UniqueTableName(t, "app")
	tables, err := CreateTables(ctx, client, prefix, items, notes)
	deleteTables(t, client, tables)
	if err != nil {
		t.Fatal(err)
	}
	want := []Table{
		{Link: "items", Name: prefix + "-items", ARN: LocalARN(prefix + "-items"), Created: true},
		{Link: "my-notes", Name: prefix + "-my-notes", ARN: LocalARN(prefix + "-my-notes"), Created: true},
	}
	if len(tables) != 2 || tables[0] != want[0] || tables[1] != want[1] {
		t.Fatalf("tables %+v\nwant %+v", tables, want)
	}

	// Created from the schema: index, stream and TTL.
	desc, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(tables[0].Name)})
	if err != nil {
		t.Fatal(err)
	}
	if d := desc.Table; len(d.GlobalSecondaryIndexes) != 1 || d.StreamSpecification == nil || d.StreamSpecification.StreamViewType != types.StreamViewTypeNewAndOldImages {
		t.Errorf("table: %+v", d)
	}
	ttl, err := client.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(tables[0].Name)})
	if err != nil || ttl.TimeToLiveDescription.TimeToLiveStatus != types.TimeToLiveStatusEnabled || aws.ToString(ttl.TimeToLiveDescription.AttributeName) != "expires_at" {
		t.Errorf("TTL: %+v %v", ttl, err)
	}

	// The link variables, as a deployed link sets them.
	if env := tables[1].Env(); len(env) != 2 || env["STLV_MY_NOTES_TABLE_NAME"] != prefix+"-my-notes" || env["STLV_MY_NOTES_TABLE_ARN"] != LocalARN(prefix+"-my-notes") {
		t.Errorf("Env() = %v", env)
	}
	restoreEnv(t, items, notes)
	if err := SetEnv(tables...); err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		name, err := ddb.TableNameFromEnv(tb.Link)
		arn, err2 := ddb.TableARNFromEnv(tb.Link)
		if name != tb.Name || arn != tb.ARN || err != nil || err2 != nil {
			t.Errorf("%s from the environment: %q %q %v %v", tb.Link, name, arn, err, err2)
		}
	}

	// Again: the tables exist and are kept.
	again, err := CreateTables(ctx, client, prefix, items, notes)
	if err != nil {
		t.Fatal(err)
	}
	for i, tb := range again {
		if tb.Created || tb.Name != tables[i].Name || tb.ARN != tables[i].ARN {
			t.Errorf("second run: %+v", tb)
		}
	}

	// A table of that name with other keys is not silently used.
	other := notes
	other.SK = ddb.KeyAttr{}
	if _, err := CreateTables(ctx, client, prefix, other); err == nil || !strings.Contains(err.Error(), "exists with keys") {
		t.Errorf("table with other keys: %v", err)
	}
}

func TestStartServesTheHandlerOnLocalTables(t *testing.T) {
	restoreEnv(t, items)
	var logs strings.Builder
	app := App{
		Prefix:   ddblocal.UniqueTableName(t, "app"),
		Tables:   []ddb.TableSchema{items},
		Routes:   []string{"PUT /items/{id}", "GET /items/{id}"},
		Endpoint: ddblocal.Endpoint(t),
		Addr:     "127.0.0.1:0",
		Log:      slog.New(slog.NewTextHandler(&logs, nil)),
		// The handler finds its table as a deployed one does: through the link variable.
		Handler: func(ctx context.Context, client *dynamodb.Client) (HandlerFunc, error) {
			table, err := ddb.TableNameFromEnv("items")
			if err != nil {
				return nil, err
			}
			return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
				key := map[string]types.AttributeValue{"id": ddb.S(req.PathParameters["id"])}
				if req.RouteKey == "PUT /items/{id}" {
					key["kind"] = ddb.S(req.Body)
					_, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: key})
					return events.APIGatewayV2HTTPResponse{StatusCode: 204}, err
				}
				out, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(table), Key: key})
				if err != nil || out.Item == nil {
					return events.APIGatewayV2HTTPResponse{StatusCode: 404}, err
				}
				b, _ := json.Marshal(map[string]string{"kind": out.Item["kind"].(*types.AttributeValueMemberS).Value})
				return events.APIGatewayV2HTTPResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": "application/json"}, Body: string(b)}, nil
			}, nil
		},
	}
	s, err := Start(t.Context(), app)
	if err != nil {
		t.Fatal(err)
	}
	deleteTables(t, s.Client, s.Tables)
	t.Cleanup(func() {
		if err := s.Shutdown(context.Background()); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") || s.Endpoint != app.Endpoint || len(s.Tables) != 1 || s.Tables[0].Name != app.Prefix+"-items" {
		t.Fatalf("server %+v", s)
	}

	req, _ := http.NewRequest("PUT", s.URL+"/items/a1", strings.NewReader("tool"))
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 204 {
		t.Fatalf("PUT: %v %v", resp, err)
	}
	resp, err := http.Get(s.URL + "/items/a1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != `{"kind":"tool"}` || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("GET: %d %q %v", resp.StatusCode, body, resp.Header)
	}
	if resp, err := http.Get(s.URL + "/nowhere"); err != nil || resp.StatusCode != 404 {
		t.Errorf("GET /nowhere: %v %v", resp, err)
	}
	if !strings.Contains(logs.String(), `route="GET /items/{id}" status=200`) {
		t.Errorf("requests not logged:\n%s", logs.String())
	}
}

func TestStartFailsClearly(t *testing.T) {
	restoreEnv(t, items)
	handler := func(context.Context, *dynamodb.Client) (HandlerFunc, error) {
		return func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
			return events.APIGatewayV2HTTPResponse{StatusCode: 200}, nil
		}, nil
	}
	// The address is taken.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = Start(t.Context(), App{Addr: ln.Addr().String(), Handler: handler, Endpoint: "http://127.0.0.1:1"})
	if err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Errorf("busy address: %v", err)
	}
	// No server at the endpoint: the error says which endpoint it tried.
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	_, err = Start(ctx, App{Addr: "127.0.0.1:0", Tables: []ddb.TableSchema{items}, Handler: handler, Endpoint: "http://127.0.0.1:1"})
	if err == nil || !strings.Contains(err.Error(), "is DynamoDB Local running at http://127.0.0.1:1?") {
		t.Errorf("no server: %v", err)
	}
	// The handler cannot be built.
	_, err = Start(t.Context(), App{Addr: "127.0.0.1:0", Endpoint: ddblocal.Endpoint(t), Handler: func(context.Context, *dynamodb.Client) (HandlerFunc, error) {
		return nil, errors.New("no config")
	}})
	if err == nil || !strings.Contains(err.Error(), "no config") {
		t.Errorf("handler error: %v", err)
	}
}
