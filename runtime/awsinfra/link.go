// Package awsinfra is the infra-side runtime that generated Pulumi code imports: links that
// give a Lambda function least-privilege access to a table, the Function component that
// builds and deploys a Go handler, and DynamoDB stream subscriptions.
//
// It imports the Pulumi SDK and must never be imported by handler code; the handler side
// lives in runtime/ddb.
package awsinfra

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/iamactions"
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
// the store's calls of that operation need. The operations and their actions are one table
// in the Pulumi-free package runtime/iamactions, which the generator also reads for the
// model page.
type Op = iamactions.Op

// The store's operations (see iamactions for the actions of each).
const (
	OpScan       = iamactions.OpScan
	OpQuery      = iamactions.OpQuery
	OpGet        = iamactions.OpGet
	OpPut        = iamactions.OpPut
	OpUpdate     = iamactions.OpUpdate
	OpDelete     = iamactions.OpDelete
	OpBatchGet   = iamactions.OpBatchGet
	OpBatchWrite = iamactions.OpBatchWrite
	OpTxCheck    = iamactions.OpTxCheck
)

var (
	// AllOps are the operations of a full link (Link): every one.
	AllOps = iamactions.AllOps
	// ReadOnlyOps are the operations of a read-only link (ReadOnlyLink), those of the
	// generated read-only store.
	ReadOnlyOps = iamactions.ReadOnlyOps
)

// Actions granted by links. They are exactly what the generated store calls; nothing else.
// The lists live in the Pulumi-free package runtime/iamactions, which the generator also
// reads to document them on the model page, so the policy and the page never disagree.
var (
	// TableActions are granted on the table ARN by a full link: Stelvio's six, the two
	// batch actions the generated store's BatchGet and BatchWrite use, and
	// ConditionCheckItem for TxCheck in a write transaction. Transactions need no action
	// of their own: TransactWriteItems is authorised on the Put, Update, Delete and
	// ConditionCheck actions it holds, TransactGetItems on GetItem.
	TableActions = iamactions.Table()
	// TableReadOnlyActions are granted on the table ARN by a read-only link (GetItem also
	// covers a read transaction, TransactGetItems).
	TableReadOnlyActions = iamactions.TableReadOnly()
	// IndexActions are granted on `<table ARN>/index/*` by both links: indexes only
	// support reads.
	IndexActions = iamactions.Index()
	// StreamActions are granted on the stream ARN to a stream subscriber.
	StreamActions = iamactions.Stream()
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
	perms := []Permission{{Actions: iamactions.TableActionsOf(ops), Resources: []pulumi.StringInput{tableArn}}}
	if ix := iamactions.IndexActionsOf(ops); len(ix) > 0 {
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
