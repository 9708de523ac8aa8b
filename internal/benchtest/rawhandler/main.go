// Command rawhandler is example/handler written without stelviogen: the same
// routes and the same DynamoDB calls, with aws-sdk-go-v2's attributevalue and
// expression packages, as a user would otherwise write it. The benchmark suite
// builds both for Lambda to compare their size and start-up time.
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"os"
	"strconv"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Order is an item of the orders table.
type Order struct {
	CustomerID string   `dynamodbav:"customer_id"`
	OrderDate  string   `dynamodbav:"order_date"`
	Status     string   `dynamodbav:"status"`
	Total      float64  `dynamodbav:"total"`
	Items      []string `dynamodbav:"items,omitempty"`
	ExpiresAt  int64    `dynamodbav:"expires_at,omitempty"`
	Version    int64    `dynamodbav:"version"`
}

func main() {
	table := os.Getenv("STLV_ORDERS_TABLE_NAME")
	if table == "" {
		log.Fatal("STLV_ORDERS_TABLE_NAME is not set")
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Fatalf("aws config: %v", err)
	}
	h := &Handler{Client: dynamodb.NewFromConfig(cfg), Table: table}
	lambda.Start(h.Handle)
}

// Handler serves the orders API from the table.
type Handler struct {
	Client *dynamodb.Client
	Table  string
}

const maxPage = 100

var errNotFound = errors.New("order not found")

// Handle routes one HTTP API request.
func (h *Handler) Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	p := req.PathParameters
	switch req.RouteKey {
	case "POST /orders":
		var o Order
		if err := json.Unmarshal([]byte(req.Body), &o); err != nil || o.CustomerID == "" || o.OrderDate == "" {
			return reply(http.StatusBadRequest, errorBody("body must be an order with CustomerID and OrderDate"))
		}
		o.Version = 1
		item, err := attributevalue.MarshalMap(&o)
		if err != nil {
			return failure(err)
		}
		cond, err := expression.NewBuilder().WithCondition(expression.AttributeNotExists(expression.Name("customer_id"))).Build()
		if err != nil {
			return failure(err)
		}
		_, err = h.Client.PutItem(ctx, &dynamodb.PutItemInput{
			TableName:                 aws.String(h.Table),
			Item:                      item,
			ConditionExpression:       cond.Condition(),
			ExpressionAttributeNames:  cond.Names(),
			ExpressionAttributeValues: cond.Values(),
		})
		if err != nil {
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
		start, err := decodeCursor(req.QueryStringParameters["cursor"])
		if err != nil {
			return reply(http.StatusBadRequest, errorBody("invalid cursor"))
		}
		kc, err := expression.NewBuilder().WithKeyCondition(expression.Key("customer_id").Equal(expression.Value(p["customerID"]))).Build()
		if err != nil {
			return failure(err)
		}
		out, err := h.Client.Query(ctx, &dynamodb.QueryInput{
			TableName:                 aws.String(h.Table),
			KeyConditionExpression:    kc.KeyCondition(),
			ExpressionAttributeNames:  kc.Names(),
			ExpressionAttributeValues: kc.Values(),
			ScanIndexForward:          aws.Bool(false),
			Limit:                     aws.Int32(limit),
			ExclusiveStartKey:         start,
		})
		if err != nil {
			return failure(err)
		}
		var page []Order
		if err := attributevalue.UnmarshalListOfMaps(out.Items, &page); err != nil {
			return failure(err)
		}
		next, err := encodeCursor(out.LastEvaluatedKey)
		if err != nil {
			return failure(err)
		}
		return reply(http.StatusOK, map[string]any{"orders": nonNil(page), "next": next})

	case "GET /orders/{customerID}/{orderDate}":
		out, err := h.Client.GetItem(ctx, &dynamodb.GetItemInput{
			TableName: aws.String(h.Table),
			Key: map[string]types.AttributeValue{
				"customer_id": &types.AttributeValueMemberS{Value: p["customerID"]},
				"order_date":  &types.AttributeValueMemberS{Value: p["orderDate"]},
			},
		})
		if err != nil {
			return failure(err)
		}
		if out.Item == nil {
			return failure(errNotFound)
		}
		var o Order
		if err := attributevalue.UnmarshalMap(out.Item, &o); err != nil {
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
		upd := expression.Set(expression.Name("status"), expression.Value(body.Status)).
			Add(expression.Name("version"), expression.Value(1))
		cond := expression.Name("version").Equal(expression.Value(body.Version))
		expr, err := expression.NewBuilder().WithUpdate(upd).WithCondition(cond).Build()
		if err != nil {
			return failure(err)
		}
		out, err := h.Client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName: aws.String(h.Table),
			Key: map[string]types.AttributeValue{
				"customer_id": &types.AttributeValueMemberS{Value: p["customerID"]},
				"order_date":  &types.AttributeValueMemberS{Value: p["orderDate"]},
			},
			UpdateExpression:          expr.Update(),
			ConditionExpression:       expr.Condition(),
			ExpressionAttributeNames:  expr.Names(),
			ExpressionAttributeValues: expr.Values(),
			ReturnValues:              types.ReturnValueAllNew,
		})
		if err != nil {
			return failure(err)
		}
		var o Order
		if err := attributevalue.UnmarshalMap(out.Attributes, &o); err != nil {
			return failure(err)
		}
		return reply(http.StatusOK, o)

	case "GET /status/{status}":
		kc := expression.Key("status").Equal(expression.Value(p["status"]))
		if s := req.QueryStringParameters["min_total"]; s != "" {
			minTotal, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return reply(http.StatusBadRequest, errorBody("min_total must be a number"))
			}
			kc = kc.And(expression.Key("total").GreaterThanEqual(expression.Value(minTotal)))
		}
		expr, err := expression.NewBuilder().WithKeyCondition(kc).Build()
		if err != nil {
			return failure(err)
		}
		pages := dynamodb.NewQueryPaginator(h.Client, &dynamodb.QueryInput{
			TableName:                 aws.String(h.Table),
			IndexName:                 aws.String("status-total-index"),
			KeyConditionExpression:    expr.KeyCondition(),
			ExpressionAttributeNames:  expr.Names(),
			ExpressionAttributeValues: expr.Values(),
			Limit:                     aws.Int32(maxPage),
		})
		var out []Order
		for pages.HasMorePages() && len(out) < maxPage {
			page, err := pages.NextPage(ctx)
			if err != nil {
				return failure(err)
			}
			var orders []Order
			if err := attributevalue.UnmarshalListOfMaps(page.Items, &orders); err != nil {
				return failure(err)
			}
			out = append(out, orders...)
		}
		if len(out) > maxPage {
			out = out[:maxPage]
		}
		return reply(http.StatusOK, map[string]any{"orders": nonNil(out)})
	}
	return reply(http.StatusNotFound, errorBody("no route "+req.RouteKey))
}

// encodeCursor turns a LastEvaluatedKey into an opaque string for clients.
func encodeCursor(key map[string]types.AttributeValue) (string, error) {
	if len(key) == 0 {
		return "", nil
	}
	var plain map[string]any
	if err := attributevalue.UnmarshalMap(key, &plain); err != nil {
		return "", err
	}
	b, err := json.Marshal(plain)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// decodeCursor reverses encodeCursor.
func decodeCursor(s string) (map[string]types.AttributeValue, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	var plain map[string]any
	if err := json.Unmarshal(b, &plain); err != nil {
		return nil, err
	}
	return attributevalue.MarshalMap(plain)
}

// failure maps DynamoDB errors to HTTP statuses.
func failure(err error) (events.APIGatewayV2HTTPResponse, error) {
	var ccf *types.ConditionalCheckFailedException
	switch {
	case errors.Is(err, errNotFound):
		return reply(http.StatusNotFound, errorBody("order not found"))
	case errors.As(err, &ccf):
		return reply(http.StatusConflict, errorBody("the order exists or changed meanwhile"))
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
