// Package iamactions lists the IAM actions that links to a table grant. It is
// plain data with no imports, so that both the infra side (runtime/awsinfra,
// which builds the policies with Pulumi) and the generator (which writes them
// on the model page) read the same lists without the generator linking Pulumi.
//
// The lists are exactly what the generated store calls; nothing else.
package iamactions

// Table is granted on the table ARN by a full link: Stelvio's six, the two
// batch actions the generated store's BatchGet and BatchWrite use, and
// ConditionCheckItem for TxCheck in a write transaction. Transactions need no
// action of their own: TransactWriteItems is authorised on the Put, Update,
// Delete and ConditionCheck actions it holds, TransactGetItems on GetItem.
func Table() []string {
	return []string{
		"dynamodb:Scan",
		"dynamodb:Query",
		"dynamodb:GetItem",
		"dynamodb:PutItem",
		"dynamodb:UpdateItem",
		"dynamodb:DeleteItem",
		"dynamodb:BatchGetItem",
		"dynamodb:BatchWriteItem",
		"dynamodb:ConditionCheckItem",
	}
}

// TableReadOnly is granted on the table ARN by a read-only link (GetItem also
// covers a read transaction, TransactGetItems).
func TableReadOnly() []string {
	return []string{
		"dynamodb:GetItem",
		"dynamodb:BatchGetItem",
		"dynamodb:Query",
		"dynamodb:Scan",
	}
}

// Index is granted on `<table ARN>/index/*` by both links: indexes only
// support reads.
func Index() []string {
	return []string{
		"dynamodb:Query",
		"dynamodb:Scan",
	}
}

// Stream is granted on the stream ARN to a stream subscriber.
func Stream() []string {
	return []string{
		"dynamodb:DescribeStream",
		"dynamodb:GetRecords",
		"dynamodb:GetShardIterator",
		"dynamodb:ListStreams",
	}
}
