package ddb

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Transactions: all-or-nothing writes of up to 100 actions across tables
// (WriteTx), and consistent reads of up to 100 items (ReadTx). The actions
// are made by the generated stores' Tx methods (orders.TxCreate(&o),
// stock.TxUpdate("sku-1", StockAttrs.Count.Decrement(1), ddb.If(...))), from
// any tables of one or several packages. Versioned items check and bump
// their version inside a transaction as they do outside.
//
// IAM: a write transaction needs the item actions it contains (PutItem,
// UpdateItem, DeleteItem) and dynamodb:ConditionCheckItem for TxCheck; a
// read transaction needs GetItem. There is no separate transaction action.

// DynamoDB's limits of a transaction.
const (
	MaxTxActions = 100             // actions per TransactWriteItems or TransactGetItems
	MaxTxBytes   = 4 * 1024 * 1024 // aggregate size of the items of a transaction
	maxTokenLen  = 36              // ClientRequestToken
)

// ErrTxConflict: a transaction was cancelled because another request was
// working on one of its items (TransactionConflict); it may succeed when
// retried.
var ErrTxConflict = errors.New("transaction conflict")

// ErrThrottled: DynamoDB throttled a request (or an action of a transaction).
var ErrThrottled = errors.New("throttled")

// TxWriteAPI is the part of *dynamodb.Client WriteTx uses.
type TxWriteAPI interface {
	TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error)
}

// TxReadAPI is the part of *dynamodb.Client ReadTx uses.
type TxReadAPI interface {
	TransactGetItems(ctx context.Context, in *dynamodb.TransactGetItemsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TransactGetItemsOutput, error)
}

// TxPart is an argument of WriteTx: an action (TxAction) or Token.
type TxPart interface{ txPart() }

// TxAction is one action of a write transaction, made by a store's Tx method.
type TxAction struct{ a *txAction }

func (TxAction) txPart() {}

type txAction struct {
	table  *Table
	name   string // physical table name
	op     string // Put, Update, Delete, ConditionCheck
	item   types.TransactWriteItem
	key    map[string]types.AttributeValue
	f      failure
	commit func() // bumps the version of the item put; nil when there is none
	size   int
	err    error
	nested []AttrPath // an update's paths below the top level (see ErrMissingPath)
	meter  meter      // ConsumedCapacity given to the action
}

type tokenPart string

func (tokenPart) txPart() {}

// Token makes a write transaction idempotent: a second WriteTx with the same
// token and the same actions within 10 minutes succeeds without applying
// them again (DynamoDB's ClientRequestToken, 1 to 36 characters). Without a
// token the SDK makes one per call, so retries inside that call are safe too.
// The actions must be the same request: a TxUpdate (or TxPut) rebuilt at a
// version read again is another one, which DynamoDB refuses under the same
// token; TxUpdateAnyVersion does not depend on the version read.
func Token(token string) TxPart { return tokenPart(token) }

// TxPut is Put as an action of WriteTx (no ReturnOld in a transaction).
func TxPut(w *Writer, v any, opts []WriteOption) TxAction { return w.txPut(v, false, opts) }

// TxCreate is Create as an action of WriteTx.
func TxCreate(w *Writer, v any, opts []WriteOption) TxAction { return w.txPut(v, true, opts) }

//go:noinline
func (w *Writer) txPut(v any, create bool, opts []WriteOption) TxAction {
	a := &txAction{table: w.table, name: w.name, op: "Put"}
	o := writeOptions(opts)
	a.meter = o.meter
	if a.err = noReturnOld(w, &o); a.err != nil {
		return TxAction{a}
	}
	p, err := w.buildPut(v, create, &o)
	if err != nil {
		a.err = err
		return TxAction{a}
	}
	// The item holds the next version; v gets it only when WriteTx commits.
	p.restore()
	in := p.in
	a.key, a.f, a.commit = p.key, p.f, p.commit
	a.item.Put = &types.Put{
		TableName: in.TableName, Item: in.Item, ConditionExpression: in.ConditionExpression,
		ExpressionAttributeNames: in.ExpressionAttributeNames, ExpressionAttributeValues: in.ExpressionAttributeValues,
		ReturnValuesOnConditionCheckFailure: in.ReturnValuesOnConditionCheckFailure,
	}
	a.size = itemSize(in.Item)
	return TxAction{a}
}

// noReturnOld refuses ReturnOld in a transaction, which returns no items.
func noReturnOld(w *Writer, o *writeSettings) error {
	if o.old == nil {
		return nil
	}
	return &InputError{Op: "TransactWriteItems", Table: w.name, Err: errors.New("ReturnOld has no meaning in a transaction")}
}

// TxDelete is Delete as an action of WriteTx.
func TxDelete(w *Writer, key map[string]types.AttributeValue, opts []WriteOption) TxAction {
	return w.txDelete(key, nil, opts)
}

// TxDeleteVersion is DeleteVersion as an action of WriteTx.
func TxDeleteVersion(w *Writer, key map[string]types.AttributeValue, expected int64, opts []WriteOption) TxAction {
	return w.txDelete(key, &expected, opts)
}

//go:noinline
func (w *Writer) txDelete(key map[string]types.AttributeValue, version *int64, opts []WriteOption) TxAction {
	a := &txAction{table: w.table, name: w.name, op: "Delete", key: key}
	o := writeOptions(opts)
	a.meter = o.meter
	if a.err = noReturnOld(w, &o); a.err != nil {
		return TxAction{a}
	}
	in, f, err := w.buildDelete(key, version, &o)
	if err != nil {
		a.err = err
		return TxAction{a}
	}
	a.f = f
	a.item.Delete = &types.Delete{
		TableName: in.TableName, Key: in.Key, ConditionExpression: in.ConditionExpression,
		ExpressionAttributeNames: in.ExpressionAttributeNames, ExpressionAttributeValues: in.ExpressionAttributeValues,
		ReturnValuesOnConditionCheckFailure: in.ReturnValuesOnConditionCheckFailure,
	}
	a.size = itemSize(key)
	return TxAction{a}
}

// TxUpdate is Update as an action of WriteTx (no Return in a transaction).
func TxUpdate(w *Writer, key map[string]types.AttributeValue, opts []UpdateOption) TxAction {
	return w.txUpdate(key, nil, writeOptions(opts))
}

// TxUpdateVersion is UpdateVersion as an action of WriteTx.
func TxUpdateVersion(w *Writer, key map[string]types.AttributeValue, expected int64, opts []UpdateOption) TxAction {
	return w.txUpdate(key, &expected, writeOptions(opts))
}

// TxUpdateAnyVersion is UpdateAnyVersion as an action of WriteTx: it checks
// no version and increments it. Its request does not depend on the version
// read, so a retry of the transaction with the same Token is the same
// request, which DynamoDB applies once.
func TxUpdateAnyVersion(w *Writer, key map[string]types.AttributeValue, opts []UpdateOption) TxAction {
	o := writeOptions(opts)
	o.anyVersion = true
	return w.txUpdate(key, nil, o)
}

//go:noinline
func (w *Writer) txUpdate(key map[string]types.AttributeValue, version *int64, o writeSettings) TxAction {
	a := &txAction{table: w.table, name: w.name, op: "Update", key: key, meter: o.meter}
	if o.ret != NewItem {
		a.err = &InputError{Op: "TransactWriteItems", Table: w.name, Err: errors.New("Return has no meaning in a transaction: it returns no items")}
		return TxAction{a}
	}
	in, err := w.updateInput(key, version, o)
	if err != nil {
		a.err = err
		return TxAction{a}
	}
	a.f = failure{update: !o.upsert, versioned: version != nil}
	a.nested = nestedPaths(o.actions)
	if version != nil {
		a.f.prev = *version
	}
	a.item.Update = &types.Update{
		TableName: in.TableName, Key: in.Key, UpdateExpression: in.UpdateExpression, ConditionExpression: in.ConditionExpression,
		ExpressionAttributeNames: in.ExpressionAttributeNames, ExpressionAttributeValues: in.ExpressionAttributeValues,
		ReturnValuesOnConditionCheckFailure: in.ReturnValuesOnConditionCheckFailure,
	}
	a.size = itemSize(key) + itemSize(in.ExpressionAttributeValues)
	return TxAction{a}
}

// TxCheck is an action of WriteTx that writes nothing: the transaction
// happens only if c holds for the item with key (a ConditionCheck; IAM
// dynamodb:ConditionCheckItem).
//
//go:noinline
func TxCheck(w *Writer, key map[string]types.AttributeValue, c Cond) TxAction {
	a := &txAction{table: w.table, name: w.name, op: "ConditionCheck", key: key}
	if err := w.writable("ConditionCheck"); err != nil {
		a.err = err
		return TxAction{a}
	}
	if err := w.table.meta().checkKey(key); err != nil {
		a.err = inputError("ConditionCheck", w.name, err)
		return TxAction{a}
	}
	if c.IsZero() {
		a.err = &InputError{Op: "ConditionCheck", Table: w.name, Err: errors.New("a condition check needs a condition")}
		return TxAction{a}
	}
	var b Builder
	expr, err := c.renderFor(&b, w.table.Schema.Name)
	if err != nil {
		a.err = inputError("ConditionCheck", w.name, err)
		return TxAction{a}
	}
	a.item.ConditionCheck = &types.ConditionCheck{
		TableName: aws.String(w.name), Key: key, ConditionExpression: aws.String(expr),
		ExpressionAttributeNames: b.Names(), ExpressionAttributeValues: b.Values(),
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	}
	a.size = itemSize(key)
	return TxAction{a}
}

// WriteTx applies the actions among parts all together or not at all (one
// TransactWriteItems). The limits are checked before anything is sent: 1 to
// 100 actions, one action per item, 4 MB in all. When DynamoDB cancels the
// transaction the error is a *TxCanceledError giving each action's reason;
// it wraps ErrConditionFailed (or ErrVersionConflict, ErrNotFound) when a
// condition failed, ErrTxConflict on a conflict. The items put by TxPut and
// TxCreate are encoded when the action is made; their version fields are
// bumped only when the transaction commits.
func WriteTx(ctx context.Context, api TxWriteAPI, parts ...TxPart) error {
	var actions []*txAction
	var m meter
	var meters []meter
	in := &dynamodb.TransactWriteItemsInput{}
	tokens := 0
	for _, p := range parts {
		switch p := p.(type) {
		case TxAction:
			if p.a != nil {
				actions = append(actions, p.a)
			}
		case tokenPart:
			in.ClientRequestToken = aws.String(string(p))
			tokens++
		case capacityOpt:
			p.set(&m)
			meters = append(meters, m)
		}
	}
	for _, a := range actions {
		meters = append(meters, a.meter)
	}
	if tokens > 1 {
		return &InputError{Op: "TransactWriteItems", Err: fmt.Errorf("%d tokens: a transaction has one", tokens)}
	}
	if err := checkTx(actions, in.ClientRequestToken); err != nil {
		return err
	}
	in.TransactItems = make([]types.TransactWriteItem, len(actions))
	for i, a := range actions {
		in.TransactItems[i] = a.item
	}
	in.ReturnConsumedCapacity = askAll(meters)
	out, err := api.TransactWriteItems(ctx, in)
	if err != nil {
		return txFailed(actions, err)
	}
	addAll(meters, out.ConsumedCapacity)
	for _, a := range actions {
		if a.commit != nil {
			a.commit()
		}
	}
	return nil
}

// checkTx refuses a transaction DynamoDB would refuse.
func checkTx(actions []*txAction, token *string) error {
	const op = "TransactWriteItems"
	for i, a := range actions {
		if a.err != nil {
			return &txActionError{i: i, op: a.op, table: a.name, err: a.err}
		}
	}
	if len(actions) == 0 {
		return &InputError{Op: op, Err: errors.New("no actions")}
	}
	if len(actions) > MaxTxActions {
		return &InputError{Op: op, Err: fmt.Errorf("%d actions, DynamoDB takes at most %d", len(actions), MaxTxActions), Hint: "split the work into several transactions"}
	}
	if token != nil && (len(*token) < 1 || len(*token) > maxTokenLen) {
		return &InputError{Op: op, Err: fmt.Errorf("token of %d characters: it must have 1 to %d", len(*token), maxTokenLen)}
	}
	seen := map[string]int{}
	size := 0
	for i, a := range actions {
		id, err := keyID(a.key, a.table.meta().names)
		if err != nil {
			return &InputError{Op: op, Table: a.name, Err: fmt.Errorf("action %d: %w", i, err)}
		}
		id = a.name + "\x00" + id
		if j, dup := seen[id]; dup {
			return &InputError{Op: op, Table: a.name, Err: fmt.Errorf("actions %d and %d are on the same item %s: DynamoDB takes one action per item", j, i, FormatKey(a.key))}
		}
		seen[id] = i
		size += a.size
	}
	if size > MaxTxBytes {
		return &InputError{Op: op, Err: fmt.Errorf("the items come to about %d bytes, DynamoDB takes at most %d", size, MaxTxBytes)}
	}
	return nil
}

// txActionError is an action of a transaction that could not be built.
type txActionError struct {
	i         int
	op, table string
	err       error
}

func (e *txActionError) Error() string {
	return fmt.Sprintf("ddb: transaction action %d (%s %s): %s", e.i, e.op, e.table, errDetail(e.err))
}

func (e *txActionError) Unwrap() error { return e.err }

// maxReasonsShown bounds the reasons a TxCanceledError's message lists.
const maxReasonsShown = 5

// TxCanceledError reports a transaction DynamoDB cancelled: nothing was
// written. Reasons has one entry per action, in order.
type TxCanceledError struct {
	Reasons []TxReason
	Err     error // the SDK's *types.TransactionCanceledException
}

// TxReason is why one action of a cancelled transaction failed, or Code
// "None" when it did not.
type TxReason struct {
	Action  int    // index among the transaction's actions
	Op      string // Put, Update, Delete, ConditionCheck or Get
	Table   string // physical table name
	Key     map[string]types.AttributeValue
	Code    string // DynamoDB's code: None, ConditionalCheckFailed, TransactionConflict, ThrottlingError, ValidationError, ...
	Message string
	// Err is the action's error: for a failed condition an *ItemError that
	// wraps ErrConditionFailed (or ErrVersionConflict, ErrNotFound) and holds
	// the stored item (see FailedItem); ErrTxConflict, ErrThrottled, or
	// ErrInvalidInput for the others; nil for None.
	Err error
}

func (e *TxCanceledError) Error() string {
	var b strings.Builder
	b.WriteString("ddb: transaction cancelled")
	shown, failed := 0, 0
	for _, r := range e.Reasons {
		if r.Err == nil {
			continue
		}
		if failed++; shown == maxReasonsShown {
			continue
		}
		shown++
		fmt.Fprintf(&b, "; action %d (%s %s %s): ", r.Action, r.Op, r.Table, FormatKey(r.Key))
		var ie *ItemError
		if errors.As(r.Err, &ie) && ie.Err != nil {
			b.WriteString(ie.Err.Error()) // without the op, table and key said above
		} else {
			b.WriteString(errDetail(r.Err))
		}
	}
	if failed > shown {
		fmt.Fprintf(&b, "; and %d more failed actions (see Reasons)", failed-shown)
	}
	return b.String()
}

// Unwrap gives every failed action's error and the SDK's, so errors.Is finds
// ErrConditionFailed, ErrVersionConflict, ErrTxConflict, ... of any action.
func (e *TxCanceledError) Unwrap() []error {
	var out []error
	for _, r := range e.Reasons {
		if r.Err != nil {
			out = append(out, r.Err)
		}
	}
	if e.Err != nil {
		out = append(out, e.Err)
	}
	return out
}

// txFailed types the error of a failed TransactWriteItems.
func txFailed(actions []*txAction, err error) error {
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) {
		var mismatch *types.IdempotentParameterMismatchException
		if errors.As(err, &mismatch) {
			return &InputError{Op: "TransactWriteItems", Err: withoutEmptyMessage{err}, Hint: "this token was used in the last 10 minutes for other actions (a TxPut or TxUpdate at another version counts; TxUpdateAnyVersion does not depend on the version): use a new token"}
		}
		var nested []AttrPath
		var holding []string
		for i, a := range actions {
			if len(a.nested) > 0 {
				nested = append(nested, a.nested...)
				holding = append(holding, fmt.Sprintf("action %d (%s %s %s)", i, a.op, a.name, FormatKey(a.key)))
			}
		}
		return requestFailed("TransactWriteItems", withMissingPathIn(err, nested, holding))
	}
	out := &TxCanceledError{Err: err}
	for i, a := range actions {
		r := TxReason{Action: i, Op: a.op, Table: a.name, Key: a.key, Code: "None"}
		if i < len(tce.CancellationReasons) {
			cr := tce.CancellationReasons[i]
			r.Code, r.Message = aws.ToString(cr.Code), aws.ToString(cr.Message)
			r.Err = withMissingPath(reasonError(a.table, a.op+"Item", a.name, a.key, r.Code, r.Message, cr.Item, a.f), a.nested)
		}
		out.Reasons = append(out.Reasons, r)
	}
	return out
}

// withoutEmptyMessage is an SDK error whose text ends in ": " because
// DynamoDB sent no message (an IdempotentParameterMismatchException, say):
// its text without that ending, so an enclosing ": hint" reads once.
type withoutEmptyMessage struct{ err error }

func (e withoutEmptyMessage) Error() string { return strings.TrimSuffix(e.err.Error(), ": ") }

func (e withoutEmptyMessage) Unwrap() error { return e.err }

// reasonError is the typed error of one action's cancellation reason.
func reasonError(t *Table, op, name string, key map[string]types.AttributeValue, code, msg string, item map[string]types.AttributeValue, f failure) error {
	cause := fmt.Errorf("%s: %s", code, msg)
	switch code {
	case "", "None":
		return nil
	case "ConditionalCheckFailed":
		// The same error as a failed condition outside a transaction.
		return conditionFailed(t, op, name, key, item, &types.ConditionalCheckFailedException{Message: aws.String(msg), Item: item}, f)
	case "TransactionConflict":
		return &ItemError{Op: op, Table: name, Key: key, Err: fmt.Errorf("%w: %w", ErrTxConflict, cause)}
	case "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded":
		return &ItemError{Op: op, Table: name, Key: key, Err: fmt.Errorf("%w: %w", ErrThrottled, cause)}
	case "ValidationError":
		return &InputError{Op: op, Table: name, Err: cause}
	}
	return &ItemError{Op: op, Table: name, Key: key, Err: cause}
}

// itemSize estimates an item's size as DynamoDB counts it: names and values.
func itemSize(item map[string]types.AttributeValue) int {
	n := 0
	for k, v := range item {
		n += len(k) + valueSize(v)
	}
	return n
}

func valueSize(v types.AttributeValue) int {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return len(v.Value)
	case *types.AttributeValueMemberN:
		return len(v.Value)/2 + 1
	case *types.AttributeValueMemberB:
		return len(v.Value)
	case *types.AttributeValueMemberSS:
		n := 0
		for _, s := range v.Value {
			n += len(s)
		}
		return n
	case *types.AttributeValueMemberNS:
		n := 0
		for _, s := range v.Value {
			n += len(s)/2 + 1
		}
		return n
	case *types.AttributeValueMemberBS:
		n := 0
		for _, b := range v.Value {
			n += len(b)
		}
		return n
	case *types.AttributeValueMemberL:
		n := 3
		for _, e := range v.Value {
			n += 1 + valueSize(e)
		}
		return n
	case *types.AttributeValueMemberM:
		return 3 + itemSize(v.Value)
	}
	return 1
}

// TxGetAction is one read of a read transaction, made by a store's TxGet.
type TxGetAction struct{ g *txGet }

type txGet struct {
	table *Table
	name  string
	key   map[string]types.AttributeValue
	get   types.Get
	dst   any
	meter meter // ConsumedCapacity given to the read
	err   error
}

// TxGet reads the item with key into dst (a *T of the table's model) as a
// read of ReadTx; Select(...) reads some attributes only. ConsistentRead
// changes nothing: the reads of a transaction are always consistent.
//
//go:noinline
func TxGet(r *Reader, dst any, key map[string]types.AttributeValue, opts []ReadOption) TxGetAction {
	g := &txGet{table: r.table, name: r.name, key: key, dst: dst}
	if err := r.table.check(dst); err != nil {
		g.err = &InputError{Op: "TransactGetItems", Table: r.name, Err: err}
		return TxGetAction{g}
	}
	meta := r.table.meta()
	if err := meta.checkKey(key); err != nil {
		g.err = inputError("TransactGetItems", r.name, err)
		return TxGetAction{g}
	}
	s := settings(opts)
	g.meter = s.meter
	if err := s.checkSelect(r.table.Schema.Name); err != nil {
		g.err = inputError("TransactGetItems", r.name, err)
		return TxGetAction{g}
	}
	g.get = types.Get{TableName: aws.String(r.name), Key: key}
	if len(s.projection) > 0 {
		var b Builder
		g.get.ProjectionExpression = aws.String(projectionExpr(&b, meta.names, s.projection))
		g.get.ExpressionAttributeNames = b.Names()
	}
	return TxGetAction{g}
}

// ReadTx reads the items of gets as one consistent snapshot (one
// TransactGetItems of 1 to 100 reads, one per item) into their destinations.
// found[i] says whether gets[i]'s item exists; a missing item leaves its
// destination untouched.
func ReadTx(ctx context.Context, api TxReadAPI, gets ...TxGetAction) (found []bool, err error) {
	const op = "TransactGetItems"
	in := &dynamodb.TransactGetItemsInput{}
	seen := map[string]int{}
	for i, g := range gets {
		if g.g == nil {
			return nil, &InputError{Op: op, Err: fmt.Errorf("read %d: no read", i)}
		}
		if g.g.err != nil {
			return nil, inPart(fmt.Sprintf("ddb: transaction read %d (Get %s)", i, g.g.name), g.g.err)
		}
		id, err := keyID(g.g.key, g.g.table.meta().names)
		if err != nil {
			return nil, &InputError{Op: op, Table: g.g.name, Err: err}
		}
		id = g.g.name + "\x00" + id
		if j, dup := seen[id]; dup {
			return nil, &InputError{Op: op, Table: g.g.name, Err: fmt.Errorf("reads %d and %d are of the same item %s: DynamoDB takes one per item", j, i, FormatKey(g.g.key))}
		}
		seen[id] = i
		in.TransactItems = append(in.TransactItems, types.TransactGetItem{Get: &g.g.get})
	}
	if len(gets) == 0 || len(gets) > MaxTxActions {
		return nil, &InputError{Op: op, Err: fmt.Errorf("%d reads: a read transaction takes 1 to %d", len(gets), MaxTxActions)}
	}
	meters := make([]meter, len(gets))
	for i, g := range gets {
		meters[i] = g.g.meter
	}
	in.ReturnConsumedCapacity = askAll(meters)
	var out *dynamodb.TransactGetItemsOutput
	var direct []bool // reads decoded straight into their destinations
	if d, ok := api.(DirectTxGetAPI); ok {
		dsts := make([]any, len(gets))
		for i, g := range gets {
			dsts[i] = g.g.dst
		}
		var decErr error
		var decAt int
		out, direct, decErr, decAt, err = d.TransactGetItemsInto(ctx, in, dsts)
		if decErr != nil {
			return nil, NewItemError("TransactGetItems", gets[decAt].g.name, gets[decAt].g.key, decErr)
		}
	} else {
		out, err = api.TransactGetItems(ctx, in)
	}
	if err != nil {
		var tce *types.TransactionCanceledException
		if errors.As(err, &tce) {
			ce := &TxCanceledError{Err: err}
			for i, g := range gets {
				r := TxReason{Action: i, Op: "Get", Table: g.g.name, Key: g.g.key, Code: "None"}
				if i < len(tce.CancellationReasons) {
					cr := tce.CancellationReasons[i]
					r.Code, r.Message = aws.ToString(cr.Code), aws.ToString(cr.Message)
					r.Err = reasonError(g.g.table, "GetItem", g.g.name, g.g.key, r.Code, r.Message, nil, failure{})
				}
				ce.Reasons = append(ce.Reasons, r)
			}
			return nil, ce
		}
		return nil, requestFailed(op, err)
	}
	addAll(meters, out.ConsumedCapacity)
	found = make([]bool, len(gets))
	copy(found, direct)
	for i, resp := range out.Responses {
		if i >= len(gets) || len(resp.Item) == 0 {
			continue
		}
		if err := gets[i].g.table.decode(gets[i].g.dst, resp.Item); err != nil {
			return nil, NewItemError("TransactGetItems", gets[i].g.name, gets[i].g.key, err)
		}
		found[i] = true
	}
	return found, nil
}

// TxItem returns the stored item action i's failed condition found, decoded
// into a new value of the action's model (a *T); nil when there is none.
func (e *TxCanceledError) TxItem(i int) any {
	if i < 0 || i >= len(e.Reasons) {
		return nil
	}
	var ie *ItemError
	if !errors.As(e.Reasons[i].Err, &ie) || ie.table == nil || len(ie.Item) == 0 {
		return nil
	}
	v := reflect.New(ie.table.model.Elem()).Interface()
	if ie.table.decode(v, ie.Item) != nil {
		return nil
	}
	return v
}

// askAll is what a transaction asks of the consumed capacity for the
// meters of its parts: INDEXES when one asks for it.
func askAll(ms []meter) types.ReturnConsumedCapacity {
	var out types.ReturnConsumedCapacity
	for _, m := range ms {
		switch m.ask() {
		case types.ReturnConsumedCapacityIndexes:
			return types.ReturnConsumedCapacityIndexes
		case types.ReturnConsumedCapacityTotal:
			out = types.ReturnConsumedCapacityTotal
		}
	}
	return out
}

// addAll adds ccs once into each distinct Capacity of ms.
func addAll(ms []meter, ccs []types.ConsumedCapacity) {
	for i, m := range ms {
		if m.c == nil || slices.ContainsFunc(ms[:i], func(p meter) bool { return p.c == m.c }) {
			continue
		}
		m.addAll(ccs)
	}
}
