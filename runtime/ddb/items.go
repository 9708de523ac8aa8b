package ddb

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// GetItemAPI is the part of *dynamodb.Client GetItem uses.
type GetItemAPI interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
}

// PutItemAPI is the part of *dynamodb.Client PutItem uses.
type PutItemAPI interface {
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
}

// DeleteItemAPI is the part of *dynamodb.Client DeleteItem uses.
type DeleteItemAPI interface {
	DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error)
}

// UpdateItemAPI is the part of *dynamodb.Client UpdateItem uses (GetItem
// tells a missing item from a version conflict when a condition fails).
type UpdateItemAPI interface {
	GetItemAPI
	UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
}

// ReadAPI is what a read-only store needs: *dynamodb.Client implements it.
type ReadAPI interface {
	GetItemAPI
	BatchGetAPI
	QueryAPI
	ScanAPI
}

// API is what a read-write store needs: *dynamodb.Client implements it.
type API interface {
	ReadAPI
	PutItemAPI
	DeleteItemAPI
	UpdateItemAPI
	BatchWriteAPI
}

var _ API = (*dynamodb.Client)(nil)
