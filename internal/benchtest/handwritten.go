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

// HandwrittenConditionalUpdate is what a user writes without stelviogen for
// the generated store.Update(ctx, customerID, orderDate, version,
// OrderAttrs.Status.Set(status), ddb.If(OrderAttrs.Status.Eq(from).And(OrderAttrs.Total.Ge(minTotal)))):
// the update and the condition (the item exists, optimistic locking, the
// user's condition) through the expression builder, one UpdateItem returning
// the new item, decoded with attributevalue.UnmarshalMap.
func HandwrittenConditionalUpdate(ctx context.Context, client *dynamodb.Client, table, customerID, orderDate string, version int64, status, from string, minTotal float64) (*Order, error) {
	update := expression.Set(expression.Name("status"), expression.Value(status)).
		Add(expression.Name("version"), expression.Value(1))
	cond := expression.AttributeExists(expression.Name("customer_id")).
		And(expression.Name("version").Equal(expression.Value(version)),
			expression.Name("status").Equal(expression.Value(from)),
			expression.Name("total").GreaterThanEqual(expression.Value(minTotal)))
	expr, err := expression.NewBuilder().WithUpdate(update).WithCondition(cond).Build()
	if err != nil {
		return nil, fmt.Errorf("build update: %w", err)
	}
	out, err := client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(table),
		Key: map[string]types.AttributeValue{
			"customer_id": &types.AttributeValueMemberS{Value: customerID},
			"order_date":  &types.AttributeValueMemberS{Value: orderDate},
		},
		UpdateExpression:                    expr.Update(),
		ConditionExpression:                 expr.Condition(),
		ExpressionAttributeNames:            expr.Names(),
		ExpressionAttributeValues:           expr.Values(),
		ReturnValues:                        types.ReturnValueAllNew,
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	})
	if err != nil {
		return nil, fmt.Errorf("update order: %w", err)
	}
	var o Order
	if err := attributevalue.UnmarshalMap(out.Attributes, &o); err != nil {
		return nil, fmt.Errorf("decode order: %w", err)
	}
	return &o, nil
}

// TxWork is the 10-action transaction of the benchmark: put 4 orders (each
// checked and bumped by optimistic locking), ship 3 paid orders, delete 2
// at their versions, and check that one order is still paid.
type TxWork struct {
	Put    [4]*Order
	Ship   [3]Order // key and version
	Delete [2]Order // key and version
	Check  Order    // key
}

// HandwrittenTx is what a user writes without stelviogen for the generated
//
//	ddb.WriteTx(ctx, client,
//		store.TxPut(p0), ..., store.TxUpdate(k, v, OrderAttrs.Status.Set("shipped"), ddb.If(OrderAttrs.Status.Eq("paid"))), ...,
//		store.TxDeleteVersion(k, v), ..., store.TxCheck(k, OrderAttrs.Status.Eq("paid")))
//
// with the expression builder and attributevalue.MarshalMap: the same
// conditions, and the put orders' versions bumped once it commits.
func HandwrittenTx(ctx context.Context, client *dynamodb.Client, table string, w *TxWork) error {
	items := make([]types.TransactWriteItem, 0, 10)
	key := func(o *Order) map[string]types.AttributeValue {
		return map[string]types.AttributeValue{
			"customer_id": &types.AttributeValueMemberS{Value: o.CustomerID},
			"order_date":  &types.AttributeValueMemberS{Value: o.OrderDate},
		}
	}
	versionCond := func(v int64) expression.ConditionBuilder {
		if v == 0 {
			return expression.AttributeNotExists(expression.Name("customer_id"))
		}
		return expression.Name("version").Equal(expression.Value(v))
	}
	for _, o := range w.Put {
		next := *o
		next.Version++
		item, err := attributevalue.MarshalMap(&next)
		if err != nil {
			return fmt.Errorf("encode order: %w", err)
		}
		expr, err := expression.NewBuilder().WithCondition(versionCond(o.Version)).Build()
		if err != nil {
			return fmt.Errorf("build condition: %w", err)
		}
		items = append(items, types.TransactWriteItem{Put: &types.Put{
			TableName: aws.String(table), Item: item,
			ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		}})
	}
	for i := range w.Ship {
		o := &w.Ship[i]
		update := expression.Set(expression.Name("status"), expression.Value("shipped")).
			Add(expression.Name("version"), expression.Value(1))
		cond := expression.AttributeExists(expression.Name("customer_id")).
			And(versionCond(o.Version), expression.Name("status").Equal(expression.Value("paid")))
		expr, err := expression.NewBuilder().WithUpdate(update).WithCondition(cond).Build()
		if err != nil {
			return fmt.Errorf("build update: %w", err)
		}
		items = append(items, types.TransactWriteItem{Update: &types.Update{
			TableName: aws.String(table), Key: key(o), UpdateExpression: expr.Update(),
			ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		}})
	}
	for i := range w.Delete {
		o := &w.Delete[i]
		expr, err := expression.NewBuilder().WithCondition(versionCond(o.Version)).Build()
		if err != nil {
			return fmt.Errorf("build condition: %w", err)
		}
		items = append(items, types.TransactWriteItem{Delete: &types.Delete{
			TableName: aws.String(table), Key: key(o),
			ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		}})
	}
	expr, err := expression.NewBuilder().WithCondition(expression.Name("status").Equal(expression.Value("paid"))).Build()
	if err != nil {
		return fmt.Errorf("build condition: %w", err)
	}
	items = append(items, types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{
		TableName: aws.String(table), Key: key(&w.Check),
		ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	}})
	if _, err := client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items}); err != nil {
		return fmt.Errorf("write transaction: %w", err)
	}
	for _, o := range w.Put {
		o.Version++
	}
	return nil
}
