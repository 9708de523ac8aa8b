package benchtest

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// HandwrittenStatusTotalQuery is what a user writes without stelviogen for
// the generated store.QueryStatusTotalIndex(status, OrderAttrs.Total.Ge(minTotal), ddb.Limit(limit)).Page:
// the key condition through the expression builder, one Query request, the page
// decoded with attributevalue.UnmarshalListOfMaps. It returns the
// LastEvaluatedKey as is (the generated Page also encodes it as a cursor).
func HandwrittenStatusTotalQuery(ctx context.Context, client *dynamodb.Client, table, status string, minTotal float64, limit int32) ([]Order, map[string]types.AttributeValue, error) {
	kc := expression.Key("status").Equal(expression.Value(status)).
		And(expression.Key("total").GreaterThanEqual(expression.Value(minTotal)))
	expr, err := expression.NewBuilder().WithKeyCondition(kc).Build()
	if err != nil {
		return nil, nil, fmt.Errorf("build key condition: %w", err)
	}
	out, err := client.Query(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(table),
		IndexName:                 aws.String("status-total-index"),
		KeyConditionExpression:    expr.KeyCondition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
		Limit:                     aws.Int32(limit),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("query orders: %w", err)
	}
	var orders []Order
	if err := attributevalue.UnmarshalListOfMaps(out.Items, &orders); err != nil {
		return nil, nil, fmt.Errorf("decode orders: %w", err)
	}
	return orders, out.LastEvaluatedKey, nil
}
