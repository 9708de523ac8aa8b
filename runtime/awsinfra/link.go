// Package awsinfra is the infra-side runtime that generated Pulumi code imports: links that
// give a Lambda function least-privilege access to a table, the Function component that
// builds and deploys a Go handler, and DynamoDB stream subscriptions.
//
// It imports the Pulumi SDK and must never be imported by handler code; the handler side
// lives in runtime/ddb.
package awsinfra

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// Link is what a function receives when it is linked to a resource: environment variables
// (Properties, keyed by variable name) and IAM permissions.
type Link struct {
	// Name identifies the link; two links of one function must not share a name.
	Name string
	// Properties are environment variables, keyed by their full name
	// (e.g. STLV_ORDERS_TABLE_NAME).
	Properties map[string]pulumi.StringInput
	// Permissions become statements of the function's one inline IAM policy.
	Permissions []Permission
}

// Permission allows Actions on exactly Resources (ARNs). Wildcard actions and wildcard
// resources are rejected; the only accepted `*` is the `/index/*` suffix of a table ARN.
type Permission struct {
	Actions   []string
	Resources []pulumi.StringInput
}

// Op is an operation of the generated store, for a link that grants only some of them
// (TableLinkFor, or the generated <T>Table.LinkFor): each grants exactly the IAM actions
// the store's calls of that operation need.
type Op uint8

// The store's operations. A transaction needs the operations of the actions it holds: IAM
// authorises TransactWriteItems on PutItem (TxPut, TxCreate), UpdateItem (TxUpdate),
// DeleteItem (TxDelete, TxDeleteVersion) and ConditionCheckItem (TxCheck), and
// TransactGetItems on GetItem (TxGet); there is no action of their own.
const (
	OpScan       Op = iota + 1 // Scan, Scan<Index>, parallel scans, Count of a scan: Scan on the table and its indexes
	OpQuery                    // Query, Query<Index>, Count of a query: Query on the table and its indexes
	OpGet                      // Get, and TxGet in a read transaction: GetItem
	OpPut                      // Put, Create, and TxPut/TxCreate in a write transaction: PutItem
	OpUpdate                   // Update, and TxUpdate in a write transaction: UpdateItem
	OpDelete                   // Delete, DeleteVersion, and their Tx forms: DeleteItem
	OpBatchGet                 // BatchGet: BatchGetItem
	OpBatchWrite               // BatchWrite, BatchPut, BatchDelete: BatchWriteItem
	OpTxCheck                  // TxCheck in a write transaction: ConditionCheckItem
)

// opTable is the one table of operations and their actions; every link's actions come from
// it. Its order is that of TableActions.
var opTable = [...]struct {
	op     Op
	name   string
	action string // on the table ARN
	index  bool   // also on <table ARN>/index/*
}{
	{OpScan, "OpScan", "dynamodb:Scan", true},
	{OpQuery, "OpQuery", "dynamodb:Query", true},
	{OpGet, "OpGet", "dynamodb:GetItem", false},
	{OpPut, "OpPut", "dynamodb:PutItem", false},
	{OpUpdate, "OpUpdate", "dynamodb:UpdateItem", false},
	{OpDelete, "OpDelete", "dynamodb:DeleteItem", false},
	{OpBatchGet, "OpBatchGet", "dynamodb:BatchGetItem", false},
	{OpBatchWrite, "OpBatchWrite", "dynamodb:BatchWriteItem", false},
	{OpTxCheck, "OpTxCheck", "dynamodb:ConditionCheckItem", false},
}

var (
	// AllOps are the operations of a full link (Link): every one.
	AllOps = []Op{OpScan, OpQuery, OpGet, OpPut, OpUpdate, OpDelete, OpBatchGet, OpBatchWrite, OpTxCheck}
	// ReadOnlyOps are the operations of a read-only link (ReadOnlyLink), those of the
	// generated read-only store.
	ReadOnlyOps = []Op{OpGet, OpBatchGet, OpQuery, OpScan}
)

// String is the operation's Go name, e.g. "OpGet".
func (o Op) String() string {
	if o >= 1 && int(o) <= len(opTable) {
		return opTable[o-1].name
	}
	return fmt.Sprintf("Op(%d)", uint8(o))
}

// Action is the IAM action the operation needs on the table ARN; "" for an unknown Op.
func (o Op) Action() string {
	if o >= 1 && int(o) <= len(opTable) {
		return opTable[o-1].action
	}
	return ""
}

// OnIndexes reports whether the operation also works on the table's indexes (Query and
// Scan), and so needs its action on <table ARN>/index/* too.
func (o Op) OnIndexes() bool { return o >= 1 && int(o) <= len(opTable) && opTable[o-1].index }

// tableActions and indexActions are the actions of ops, in their order, once each. An
// unknown Op becomes an action that the policy check refuses, naming it.
func tableActions(ops []Op) []string {
	var out []string
	for _, o := range ops {
		a := o.Action()
		if a == "" {
			a = "unknown operation " + o.String()
		}
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

func indexActions(ops []Op) []string {
	var out []string
	for _, o := range ops {
		if o.OnIndexes() && !slices.Contains(out, o.Action()) {
			out = append(out, o.Action())
		}
	}
	return out
}

// Actions granted by links. They are exactly what the generated store calls; nothing else.
var (
	// TableActions are granted on the table ARN by a full link: Stelvio's six, the two
	// batch actions the generated store's BatchGet and BatchWrite use, and
	// ConditionCheckItem for TxCheck in a write transaction. Transactions need no action
	// of their own: TransactWriteItems is authorised on the Put, Update, Delete and
	// ConditionCheck actions it holds, TransactGetItems on GetItem.
	TableActions = tableActions(AllOps)
	// TableReadOnlyActions are granted on the table ARN by a read-only link (GetItem also
	// covers a read transaction, TransactGetItems).
	TableReadOnlyActions = tableActions(ReadOnlyOps)
	// IndexActions are granted on `<table ARN>/index/*` by both links: indexes only
	// support reads.
	IndexActions = indexActions(ReadOnlyOps)
	// StreamActions are granted on the stream ARN to a stream subscriber.
	StreamActions = []string{
		"dynamodb:DescribeStream",
		"dynamodb:GetRecords",
		"dynamodb:GetShardIterator",
		"dynamodb:ListStreams",
	}
)

// TableLink is the full link to a table: every action the generated store calls on the
// table ARN, Query and Scan on its indexes, and the table's name and ARN in the environment
// as STLV_<NAME>_TABLE_NAME and STLV_<NAME>_TABLE_ARN. The variable names come from
// runtime/ddb, where the handler reads them, so both sides always agree.
func TableLink(name string, tableName, tableArn pulumi.StringInput) Link {
	return tableLink(name, tableName, tableArn, AllOps)
}

// TableReadOnlyLink is the read-only link to a table: only GetItem, BatchGetItem, Query and
// Scan on the table, Query and Scan on its indexes. It pairs with the generated read-only
// store, which has no write methods.
func TableReadOnlyLink(name string, tableName, tableArn pulumi.StringInput) Link {
	return tableLink(name, tableName, tableArn, ReadOnlyOps)
}

// TableLinkFor is the link to a table that grants only the operations given: their
// actions on the table ARN, and Query or Scan on `<table ARN>/index/*` only when OpQuery
// or OpScan is among them; the environment is that of TableLink. A function with
// TableLinkFor("inventory", n, a, OpGet, OpUpdate) can read and update items, and any
// other call is refused by IAM (AccessDeniedException).
func TableLinkFor(name string, tableName, tableArn pulumi.StringInput, op Op, more ...Op) Link {
	return tableLink(name, tableName, tableArn, append([]Op{op}, more...))
}

func tableLink(name string, tableName, tableArn pulumi.StringInput, ops []Op) Link {
	perms := []Permission{{Actions: tableActions(ops), Resources: []pulumi.StringInput{tableArn}}}
	if ix := indexActions(ops); len(ix) > 0 {
		perms = append(perms, Permission{Actions: ix, Resources: []pulumi.StringInput{pulumi.Sprintf("%s/index/*", tableArn)}})
	}
	return Link{
		Name: name,
		Properties: map[string]pulumi.StringInput{
			ddb.TableNameEnv(name): tableName,
			ddb.TableARNEnv(name):  tableArn,
		},
		Permissions: perms,
	}
}

// StreamLink grants the stream-reading actions on exactly one stream ARN. It sets no
// environment: the event source mapping hands records to the function.
func StreamLink(name string, streamArn pulumi.StringInput) Link {
	return Link{
		Name:        name,
		Permissions: []Permission{{Actions: clone(StreamActions), Resources: []pulumi.StringInput{streamArn}}},
	}
}

func clone(s []string) []string { return append([]string(nil), s...) }
