// Package iamactions lists the IAM actions that links to a table grant. It is
// plain data with no imports, so that both the infra side (runtime/awsinfra,
// which builds the policies with Pulumi) and the generator (which writes them
// on the model page) read the same lists without the generator linking Pulumi.
//
// The lists are exactly what the generated store calls; nothing else. They all
// come from one table of the store's operations (Op) and the action each needs.
package iamactions

// Op is an operation of the generated store; a link grants the actions of the
// operations it names. A transaction needs the operations of the actions it holds:
// IAM authorises TransactWriteItems on PutItem (TxPut, TxCreate), UpdateItem
// (TxUpdate, TxUpdateAnyVersion), DeleteItem (TxDelete, TxDeleteVersion) and
// ConditionCheckItem (TxCheck), and TransactGetItems on GetItem (TxGet); there is
// no action of their own.
type Op uint8

// The store's operations.
const (
	OpScan       Op = iota + 1 // Scan, Scan<Index>, parallel scans, Count of a scan: Scan on the table and its indexes
	OpQuery                    // Query, Query<Index>, Count of a query: Query on the table and its indexes
	OpGet                      // Get, and TxGet in a read transaction: GetItem
	OpPut                      // Put, Create, and TxPut/TxCreate in a write transaction: PutItem
	OpUpdate                   // Update, UpdateAnyVersion, and their Tx forms: UpdateItem
	OpDelete                   // Delete, DeleteVersion, and their Tx forms: DeleteItem
	OpBatchGet                 // BatchGet: BatchGetItem
	OpBatchWrite               // BatchWrite, BatchPut, BatchDelete: BatchWriteItem
	OpTxCheck                  // TxCheck in a write transaction: ConditionCheckItem
)

// ops is the one table of operations and their actions; every list comes from it.
// Its order is that of Table.
var ops = [...]struct {
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
	// AllOps are the operations of a full link: every one.
	AllOps = []Op{OpScan, OpQuery, OpGet, OpPut, OpUpdate, OpDelete, OpBatchGet, OpBatchWrite, OpTxCheck}
	// ReadOnlyOps are the operations of a read-only link, those of the generated
	// read-only store.
	ReadOnlyOps = []Op{OpGet, OpBatchGet, OpQuery, OpScan}
)

func (o Op) known() bool { return o >= 1 && int(o) <= len(ops) }

// String is the operation's Go name, e.g. "OpGet".
func (o Op) String() string {
	if o.known() {
		return ops[o-1].name
	}
	return "Op(" + itoa(int(o)) + ")"
}

// Action is the IAM action the operation needs on the table ARN; "" for an unknown Op.
func (o Op) Action() string {
	if o.known() {
		return ops[o-1].action
	}
	return ""
}

// OnIndexes reports whether the operation also works on the table's indexes (Query and
// Scan), and so needs its action on <table ARN>/index/* too.
func (o Op) OnIndexes() bool { return o.known() && ops[o-1].index }

// TableActionsOf returns the actions of ops on the table ARN, in their order, once
// each. An unknown Op becomes an action "unknown operation Op(n)" that a policy
// check refuses, with the message of UnknownOp.
func TableActionsOf(ops []Op) []string {
	var out []string
	for _, o := range ops {
		a := o.Action()
		if a == "" {
			a = unknownPrefix + o.String()
		}
		out = appendNew(out, a)
	}
	return out
}

// unknownPrefix starts the stand-in action of an unknown Op.
const unknownPrefix = "unknown operation "

// UnknownOp reports whether action is the stand-in TableActionsOf lists for an
// Op that is none of the constants, and if so the message for it: which Op,
// and the valid ones.
func UnknownOp(action string) (msg string, ok bool) {
	op, ok := cutPrefix(action, unknownPrefix)
	if !ok {
		return "", false
	}
	msg = op + " is not an operation of the store; the operations are "
	for i, row := range ops {
		if i > 0 {
			msg += ", "
		}
		msg += row.name
	}
	return msg, true
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || s[:len(prefix)] != prefix {
		return s, false
	}
	return s[len(prefix):], true
}

// IndexActionsOf returns the actions of ops on <table ARN>/index/*, once each.
func IndexActionsOf(ops []Op) []string {
	var out []string
	for _, o := range ops {
		if o.OnIndexes() {
			out = appendNew(out, o.Action())
		}
	}
	return out
}

// Table is granted on the table ARN by a full link: Stelvio's six, the two
// batch actions the generated store's BatchGet and BatchWrite use, and
// ConditionCheckItem for TxCheck in a write transaction. Transactions need no
// action of their own (see Op).
func Table() []string { return TableActionsOf(AllOps) }

// TableReadOnly is granted on the table ARN by a read-only link (GetItem also
// covers a read transaction, TransactGetItems).
func TableReadOnly() []string { return TableActionsOf(ReadOnlyOps) }

// Index is granted on `<table ARN>/index/*` by both links: indexes only
// support reads.
func Index() []string { return IndexActionsOf(ReadOnlyOps) }

// Stream is granted on the stream ARN to a stream subscriber.
func Stream() []string {
	return []string{
		"dynamodb:DescribeStream",
		"dynamodb:GetRecords",
		"dynamodb:GetShardIterator",
		"dynamodb:ListStreams",
	}
}

func appendNew(out []string, a string) []string {
	for _, x := range out {
		if x == a {
			return out
		}
	}
	return append(out, a)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
