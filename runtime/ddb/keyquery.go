package ddb

import (
	"context"
	"fmt"
	"iter"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// KeyQuery is a query by key, as generated query methods build it.
type KeyQuery struct {
	Table string
	Index string // "" for the table itself
	// PKAttr and PK: the partition key attribute and its value.
	PKAttr string
	PK     types.AttributeValue
	// SKAttr and SK: the sort key attribute ("" for none) and its condition.
	SKAttr string
	SK     SortCond
	// Limit caps the items returned (per page for Page, in total for All); 0 means no cap.
	Limit      int32
	Descending bool
	Consistent bool
}

// Input returns the QueryInput: key condition through expression names and values.
func (k KeyQuery) Input() (*dynamodb.QueryInput, error) {
	var b Builder
	kc, err := b.KeyCondition(k.PKAttr, k.PK, k.SKAttr, k.SK)
	if err != nil {
		return nil, fmt.Errorf("ddb: Query %s: %w", describe(&k.Table, &k.Index), err)
	}
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(k.Table),
		KeyConditionExpression:    aws.String(kc),
		ExpressionAttributeNames:  b.Names(),
		ExpressionAttributeValues: b.Values(),
	}
	if k.Index != "" {
		in.IndexName = aws.String(k.Index)
	}
	if k.Limit > 0 {
		in.Limit = aws.Int32(k.Limit)
	}
	if k.Descending {
		in.ScanIndexForward = aws.Bool(false)
	}
	if k.Consistent {
		in.ConsistentRead = aws.Bool(true)
	}
	return in, nil
}

// QueryAll runs k and yields its decoded items, paging transparently (see Query).
func QueryAll[T any](ctx context.Context, api QueryAPI, k KeyQuery, decode Decoder[T]) iter.Seq2[T, error] {
	in, err := k.Input()
	if err != nil {
		return Fail[T](err)
	}
	return Query(ctx, api, in, decode)
}

// QueryAllPage runs one page of k after cursor (see QueryPage).
func QueryAllPage[T any](ctx context.Context, api QueryAPI, k KeyQuery, cursor string, decode Decoder[T]) ([]T, string, error) {
	in, err := k.Input()
	if err != nil {
		return nil, "", err
	}
	return QueryPage(ctx, api, in, cursor, decode)
}

// Fail returns a sequence that yields only err.
func Fail[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}

// TableScan is a scan of a table, as generated scan methods build it.
type TableScan struct {
	Table      string
	Limit      int32 // per page for Page, in total for All; 0 means no cap
	Consistent bool
	// Segment and TotalSegments select one segment of a parallel scan;
	// TotalSegments 0 scans the whole table.
	Segment, TotalSegments int32
}

// Input returns the ScanInput.
func (s TableScan) Input() *dynamodb.ScanInput {
	in := &dynamodb.ScanInput{TableName: aws.String(s.Table)}
	if s.Limit > 0 {
		in.Limit = aws.Int32(s.Limit)
	}
	if s.Consistent {
		in.ConsistentRead = aws.Bool(true)
	}
	if s.TotalSegments > 0 {
		in.Segment = aws.Int32(s.Segment)
		in.TotalSegments = aws.Int32(s.TotalSegments)
	}
	return in
}
