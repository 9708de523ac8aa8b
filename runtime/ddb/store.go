package ddb

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Reader reads one table: what a generated read-only store holds.
// Generated methods read through it with Get, GetBatch and ReadIndex.
type Reader struct {
	api   ReadAPI
	name  string
	table *Table

	_ [0]func() // not comparable: stores get no equality function
}

// NewReader returns a Reader of the table with the physical name name.
//
//go:noinline
func NewReader(api ReadAPI, name string, table *Table) Reader {
	return Reader{api: api, name: name, table: table}
}

// TableName returns the physical name of the table.
func (r *Reader) TableName() string { return r.name }

// InitReader sets *r to NewReader(api, name, table): generated read-only
// stores are made with it, in place, which compiles to less code than
// copying a Reader in.
//
//go:noinline
func InitReader(r *Reader, api ReadAPI, name string, table *Table) {
	*r = Reader{api: api, name: name, table: table}
}

// InitStore sets the Reader and the Writer of a generated store, in place
// (see InitReader).
//
//go:noinline
func InitStore(r *Reader, w *Writer, api API, name string, table *Table) {
	*r = Reader{api: api, name: name, table: table}
	*w = Writer{api: api, name: name, table: table}
}

// Writer writes one table: what a generated store holds beside its Reader.
type Writer struct {
	api   API
	name  string
	table *Table
}

// NewWriter returns a Writer of the table with the physical name name.
//
//go:noinline
func NewWriter(api API, name string, table *Table) Writer {
	return Writer{api: api, name: name, table: table}
}

// Get reads the item with key into dst (a new *T of the table's model T)
// and returns it; ConsistentRead() asks for a strongly consistent read,
// Select(...) for some attributes only. A missing item is an error wrapping
// ErrNotFound.
func Get[P any](ctx context.Context, r *Reader, key map[string]types.AttributeValue, opts []ReadOption, dst P) (P, error) {
	if err := r.get(ctx, key, settings(opts), dst); err != nil {
		var zero P
		return zero, err
	}
	return dst, nil
}

//go:noinline
func (r *Reader) get(ctx context.Context, key map[string]types.AttributeValue, o readSettings, dst any) error {
	meta := r.table.meta()
	if err := meta.checkKey(key); err != nil {
		return inputError("GetItem", r.name, err)
	}
	if err := o.checkSelect(r.table.Schema.Name); err != nil {
		return inputError("GetItem", r.name, err)
	}
	in := &dynamodb.GetItemInput{TableName: aws.String(r.name), Key: key, ConsistentRead: aws.Bool(o.consistent), ReturnConsumedCapacity: o.meter.ask()}
	if len(o.projection) > 0 {
		var b Builder
		in.ProjectionExpression = aws.String(projectionExpr(&b, meta.names, o.projection))
		in.ExpressionAttributeNames = b.Names()
	}
	var out *dynamodb.GetItemOutput
	var err error
	found := false
	if d, ok := r.api.(DirectGetAPI); ok {
		if err := r.table.check(dst); err != nil {
			return NewItemError("GetItem", r.name, key, err)
		}
		out, found, err = d.GetItemInto(ctx, in, dst)
	} else {
		out, err = r.api.GetItem(ctx, in)
	}
	if err != nil {
		return NewItemError("GetItem", r.name, key, err)
	}
	o.meter.add(out.ConsumedCapacity)
	if out.Item == nil {
		if found {
			return nil // decoded straight into dst
		}
		return NotFound("GetItem", r.name, key)
	}
	if err := r.table.decode(dst, out.Item); err != nil {
		return NewItemError("GetItem", r.name, key, err)
	}
	return nil
}

// Keys turns typed keys into key attributes with attrs (a generated key
// type's attributes method). Not inlined: the key types of most tables
// share one compiled copy.
//
//go:noinline
func Keys[K any](keys []K, attrs func(K) map[string]types.AttributeValue) []map[string]types.AttributeValue {
	out := make([]map[string]types.AttributeValue, len(keys))
	for i, k := range keys {
		out[i] = attrs(k)
	}
	return out
}

// GetBatch reads the items with the given keys, 100 keys per request,
// retrying unprocessed keys with backoff until done or ctx ends. Items come
// back in the order of keys; keys without an item are left out. On failure
// the items read so far come with a *BatchGetError listing the keys not read.
// An item that cannot be decoded is left out and its error returned.
func GetBatch[T any](ctx context.Context, r *Reader, keys []map[string]types.AttributeValue, opts []ReadOption) ([]T, error) {
	if d, ok := r.api.(DirectBatchGetAPI); ok && d.DecodesDirectly((*T)(nil)) {
		var out []T
		err := r.batchGetDirect(ctx, keys, settings(opts), &out)
		return out, err
	}
	items, err := r.batchGet(ctx, keys, settings(opts))
	out := make([]T, len(items))
	n := 0
	for _, item := range items {
		if e := r.table.decode(&out[n], item); e != nil {
			err = r.decodeFailed(err, item, e)
			continue
		}
		n++
	}
	return out[:n], err
}

// decodeFailed adds the error of an item BatchGet could not decode to err.
//
//go:noinline
func (r *Reader) decodeFailed(err error, item map[string]types.AttributeValue, derr error) error {
	return errors.Join(err, NewItemError("BatchGetItem", r.name, KeyOf(item, r.table.meta().names...), derr))
}

// batchGetDirect is GetBatch through a DirectBatchGetAPI client: the items
// are decoded into a scratch slice as they arrive, then put in the order of
// keys into *dst (a *[]T), leaving out those that did not decode, whose
// errors are joined to err as on the map path.
//
//go:noinline
func (r *Reader) batchGetDirect(ctx context.Context, keys []map[string]types.AttributeValue, o readSettings, dst any) error {
	out := reflect.ValueOf(dst).Elem()
	scratch := newDirectSlice(reflect.New(out.Type()).Interface())
	scratch.Grow(len(keys)) // at most one item per key
	itemKeys, at, err := r.batchGetWith(ctx, keys, o, scratch)
	out.Set(reflect.MakeSlice(out.Type(), 0, len(at))) // empty, not nil, as on the map path
	for i, slot := range at {
		if e := scratch.errs[slot]; e != nil {
			err = r.decodeFailed(err, itemKeys[i], e)
			continue
		}
		out.Set(reflect.Append(out, scratch.v.Index(slot)))
	}
	return err
}

//go:noinline
func (r *Reader) batchGet(ctx context.Context, keys []map[string]types.AttributeValue, o readSettings) ([]map[string]types.AttributeValue, error) {
	items, _, err := r.batchGetWith(ctx, keys, o, nil)
	return items, err
}

func (r *Reader) batchGetWith(ctx context.Context, keys []map[string]types.AttributeValue, o readSettings, into *directSlice) ([]map[string]types.AttributeValue, []int, error) {
	meta := r.table.meta()
	for i, key := range keys {
		if err := meta.checkKey(key); err != nil {
			all := make([]int, len(keys))
			for j := range all {
				all[j] = j
			}
			return nil, nil, &BatchGetError{Table: r.name, Unread: all, Err: inPart(fmt.Sprintf("key %d", i), inputError("BatchGetItem", r.name, err))}
		}
	}
	if err := o.checkSelect(r.table.Schema.Name); err != nil {
		all := make([]int, len(keys))
		for j := range all {
			all[j] = j
		}
		return nil, nil, &BatchGetError{Table: r.name, Unread: all, Err: inputError("BatchGetItem", r.name, err)}
	}
	return batchGet(ctx, r.api, r.name, meta.names, keys, o.consistent, o.projection, into, batchOpt(func(c *batchConfig) { c.meter = o.meter }))
}

// writeSettings is what the write and update options set.
type writeSettings struct {
	cond    Cond
	old     returnOldOpt
	actions []Action
	upsert  bool
	ret     Returned
	// anyVersion: an update of a versioned table that checks no version
	// but increments it (UpdateAnyVersion); set by the function, no option.
	anyVersion bool
	meter      meter // ConsumedCapacity
}

type writeOpt interface{ applyWrite(*writeSettings) }

// WriteOption is an option of Put, Create and Delete (and of their
// transaction actions).
type WriteOption interface {
	writeOpt
	writeOption()
}

// UpdateOption is an argument of Update: an Action, or If, Upsert, Return.
type UpdateOption interface {
	writeOpt
	updateOption()
}

type ifOpt Cond

func (o ifOpt) applyWrite(s *writeSettings) { s.cond = And(s.cond, Cond(o)) }
func (ifOpt) writeOption()                  {}
func (ifOpt) updateOption()                 {}

// If makes a write conditional: it happens only if c holds for the stored
// item (a missing item has no attributes). Otherwise nothing is written and
// the error wraps ErrConditionFailed and carries the stored item (see
// FailedItem). With optimistic locking both the version and c must hold.
func If(c Cond) interface {
	WriteOption
	UpdateOption
} {
	return ifOpt(c)
}

// returnOldOpt is ReturnOld: the model its destination holds, and how to
// fill it.
type returnOldOpt = *returnOld

type returnOld struct {
	model reflect.Type // *T
	set   func(*Table, map[string]types.AttributeValue) error
	// For a DirectReturnAPI client: alloc returns a new T (a *T) to decode
	// the returned item into, place sets the destination to it (nil: none).
	alloc func() any
	place func(any)
}

func (o *returnOld) applyWrite(s *writeSettings) { s.old = o }
func (*returnOld) writeOption()                  {}

// ReturnOld stores in *dst the item as it was before a Put or Delete (nil
// when there was none). T must be the store's model: another type is an
// ErrInvalidInput before anything is written.
func ReturnOld[T any](dst **T) WriteOption {
	return &returnOld{model: reflect.TypeFor[*T](), alloc: func() any { return new(T) }, place: func(v any) {
		p, _ := v.(*T)
		*dst = p
	}, set: func(t *Table, item map[string]types.AttributeValue) error {
		if len(item) == 0 {
			*dst = nil
			return nil
		}
		v := new(T)
		if err := t.decode(v, item); err != nil {
			return err
		}
		*dst = v
		return nil
	}}
}

// checkReturnOld refuses a ReturnOld of another model than the table's.
func (w *Writer) checkReturnOld(op string, o *writeSettings) error {
	if o.old == nil || o.old.model == w.table.model {
		return nil
	}
	return &InputError{Op: op, Table: w.name, Err: fmt.Errorf("ReturnOld into a %s: the table's items are %s", o.old.model, w.table.model), Hint: "pass a **" + w.table.model.Elem().String()}
}

type updateOpt func(*writeSettings)

func (o updateOpt) applyWrite(s *writeSettings) { o(s) }
func (updateOpt) updateOption()                 {}

// Upsert makes Update create the item when it does not exist, as DynamoDB's
// UpdateItem does. Not with optimistic locking (UpdateVersion): create a
// versioned item with Create, or upsert it with UpdateAnyVersion, which
// creates it at version 1.
func Upsert() UpdateOption { return updateOpt(func(s *writeSettings) { s.upsert = true }) }

// Return chooses the item Update returns (NewItem by default).
func Return(r Returned) UpdateOption { return updateOpt(func(s *writeSettings) { s.ret = r }) }

// An Action is an argument of Update.
func (a Action) applyWrite(s *writeSettings) { s.actions = append(s.actions, a) }
func (Action) updateOption()                 {}

func writeOptions[O writeOpt](opts []O) writeSettings {
	var s writeSettings
	for _, o := range opts {
		o.applyWrite(&s)
	}
	return s
}

// Put writes v, replacing the stored item with its key. With optimistic
// locking it succeeds only if the stored item still has v's version (or, at
// version 0, if there is none or it is at version 0, as batch writes leave
// items), and then increments v's version; a failure wraps
// ErrVersionConflict.
func Put(ctx context.Context, w *Writer, v any, opts []WriteOption) error {
	return w.put(ctx, v, false, opts)
}

// Create writes v only if no item with its key exists (incrementing its
// version, if any); otherwise the error wraps ErrConditionFailed.
func Create(ctx context.Context, w *Writer, v any, opts []WriteOption) error {
	return w.put(ctx, v, true, opts)
}

// writable refuses a write through the store of a read-only view.
//
//go:noinline
func (w *Writer) writable(op string) error {
	if w.api == nil {
		return &InputError{Op: op, Err: errors.New("the store has no client that writes (it is read-only, or its client is nil)"), Hint: "open it with New<T>Store and a non-nil client"}
	}
	return nil
}

func (w *Writer) put(ctx context.Context, v any, create bool, opts []WriteOption) error {
	o := writeOptions(opts)
	p, err := w.buildPut(v, create, &o)
	if err != nil {
		return err
	}
	if d, ok := w.api.(DirectReturnAPI); ok && o.old != nil {
		out, decErr, err := d.PutItemReturning(ctx, p.in, o.old.alloc, o.old.place)
		if decErr != nil {
			return NewItemError("PutItem", w.name, p.key, fmt.Errorf("decoding the returned item: %w", decErr))
		}
		if err != nil {
			p.restore()
			return w.failed("PutItem", p.key, err, p.f)
		}
		o.meter.add(out.ConsumedCapacity)
		return nil
	}
	out, err := w.api.PutItem(ctx, p.in)
	if err != nil {
		p.restore()
		return w.failed("PutItem", p.key, err, p.f)
	}
	o.meter.add(out.ConsumedCapacity)
	return w.returnOld("PutItem", p.key, out.Attributes, o.old)
}

// putReq is a PutItem built for one item: the request, the item's key,
// what its condition asks, how to undo the version bump when it fails and
// how to redo it (for a transaction, which bumps only when it commits).
type putReq struct {
	in      *dynamodb.PutItemInput
	key     map[string]types.AttributeValue
	f       failure
	restore func()
	commit  func()
}

// buildPut encodes v (bumping its version, if any) and builds its PutItem
// with the conditions of create-only, optimistic locking and o.
//
//go:noinline
func (w *Writer) buildPut(v any, create bool, o *writeSettings) (putReq, error) {
	const op = "PutItem"
	if err := w.writable(op); err != nil {
		return putReq{}, err
	}
	t, meta := w.table, w.table.meta()
	if err := t.check(v); err != nil {
		return putReq{}, &InputError{Op: op, Table: w.name, Err: err}
	}
	if err := w.checkReturnOld(op, o); err != nil {
		return putReq{}, err
	}
	ver := t.version
	var prev int64
	if ver != nil {
		prev = ver.get(v)
		ver.set(v, prev+1)
	}
	restore := func() {
		if ver != nil {
			ver.set(v, prev)
		}
	}
	item, err := t.encode(v)
	if err != nil {
		restore()
		return putReq{}, &ItemError{Op: op, Table: w.name, Err: err}
	}
	key := KeyOf(item, meta.names...)
	if err := meta.checkItem(item); err != nil {
		restore()
		return putReq{}, inputError(op, w.name, err)
	}
	var b Builder
	var conds []string
	switch {
	case create:
		conds = append(conds, b.AttributeNotExists(meta.names[0]))
	case ver != nil && prev == 0:
		// A new item, or one stored at version 0, as batch writes leave
		// them: Update and DeleteVersion at version 0 accept it too.
		conds = append(conds, b.AttributeNotExists(meta.names[0])+" OR "+b.Equal(t.Schema.Version, NInt(0)))
	case ver != nil:
		conds = append(conds, b.Equal(t.Schema.Version, NInt(prev)))
	}
	uc, err := o.cond.renderFor(&b, t.Schema.Name)
	if err != nil {
		restore()
		return putReq{}, inputError(op, w.name, err)
	}
	in := &dynamodb.PutItemInput{TableName: aws.String(w.name), Item: item, ReturnConsumedCapacity: o.meter.ask()}
	if c := andExprs(append(conds, uc)...); c != "" {
		in.ConditionExpression = aws.String(c)
		in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	}
	in.ExpressionAttributeNames, in.ExpressionAttributeValues = b.Names(), b.Values()
	if o.old != nil {
		in.ReturnValues = types.ReturnValueAllOld
	}
	commit := func() {
		if ver != nil {
			ver.set(v, prev+1)
		}
	}
	f := failure{create: create, versioned: ver != nil && !create, prev: prev, absentOK: ver != nil && !create && prev == 0}
	return putReq{in: in, key: key, f: f, restore: restore, commit: commit}, nil
}

// Delete deletes the item with key; deleting a missing item succeeds, as in
// DynamoDB (If(h.Exists()) makes it fail instead).
func Delete(ctx context.Context, w *Writer, key map[string]types.AttributeValue, opts []WriteOption) error {
	return w.delete(ctx, key, nil, opts)
}

// DeleteVersion deletes the item with key only if its version is expected;
// otherwise the error wraps ErrVersionConflict (and ErrNotFound too when no
// item exists, whatever the version expected, 0 included).
func DeleteVersion(ctx context.Context, w *Writer, key map[string]types.AttributeValue, expected int64, opts []WriteOption) error {
	return w.delete(ctx, key, &expected, opts)
}

func (w *Writer) delete(ctx context.Context, key map[string]types.AttributeValue, version *int64, opts []WriteOption) error {
	o := writeOptions(opts)
	in, f, err := w.buildDelete(key, version, &o)
	if err != nil {
		return err
	}
	if d, ok := w.api.(DirectReturnAPI); ok && o.old != nil {
		out, decErr, err := d.DeleteItemReturning(ctx, in, o.old.alloc, o.old.place)
		if decErr != nil {
			return NewItemError("DeleteItem", w.name, key, fmt.Errorf("decoding the returned item: %w", decErr))
		}
		if err != nil {
			return w.failed("DeleteItem", key, err, f)
		}
		o.meter.add(out.ConsumedCapacity)
		return nil
	}
	out, err := w.api.DeleteItem(ctx, in)
	if err != nil {
		return w.failed("DeleteItem", key, err, f)
	}
	o.meter.add(out.ConsumedCapacity)
	return w.returnOld("DeleteItem", key, out.Attributes, o.old)
}

// buildDelete builds the DeleteItem of key with the conditions of the
// version (nil: none) and o.
//
//go:noinline
func (w *Writer) buildDelete(key map[string]types.AttributeValue, version *int64, o *writeSettings) (*dynamodb.DeleteItemInput, failure, error) {
	const op = "DeleteItem"
	f := failure{versioned: version != nil}
	if version != nil {
		f.prev = *version
	}
	if err := w.writable(op); err != nil {
		return nil, f, err
	}
	if err := w.checkReturnOld(op, o); err != nil {
		return nil, f, err
	}
	meta := w.table.meta()
	if err := meta.checkKey(key); err != nil {
		return nil, f, inputError(op, w.name, err)
	}
	if version != nil && w.table.version == nil {
		return nil, f, &InputError{Op: op, Table: w.name, Err: errors.New("the table has no version attribute"), Hint: "use Delete"}
	}
	var b Builder
	var conds []string
	if version != nil {
		conds = append(conds, b.Equal(w.table.Schema.Version, NInt(*version)))
	}
	uc, err := o.cond.renderFor(&b, w.table.Schema.Name)
	if err != nil {
		return nil, f, inputError(op, w.name, err)
	}
	in := &dynamodb.DeleteItemInput{TableName: aws.String(w.name), Key: key, ReturnConsumedCapacity: o.meter.ask()}
	if c := andExprs(append(conds, uc)...); c != "" {
		in.ConditionExpression = aws.String(c)
		in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	}
	in.ExpressionAttributeNames, in.ExpressionAttributeValues = b.Names(), b.Values()
	if o.old != nil {
		in.ReturnValues = types.ReturnValueAllOld
	}
	return in, f, nil
}

// returnOld hands a returned item to ReturnOld's destination, if any.
//
//go:noinline
func (w *Writer) returnOld(op string, key, item map[string]types.AttributeValue, dst returnOldOpt) error {
	if dst == nil {
		return nil
	}
	if err := dst.set(w.table, item); err != nil {
		return NewItemError(op, w.name, key, fmt.Errorf("decoding the returned item: %w", err))
	}
	return nil
}

// failure is what a failed write had in its condition.
type failure struct {
	create    bool  // the item must not exist
	versioned bool  // the stored version must be prev (at 0, or no item when absentOK)
	prev      int64 // expected version
	update    bool  // an update that requires the item to exist
	absentOK  bool  // a versioned Put at version 0: no stored item satisfies the version
}

// failed types the error of a failed write. A failed condition tells which
// part failed from the stored item DynamoDB returns with it: a missing item
// on an update is ErrNotFound, an existing one on a create is "already
// exists", a version other than the expected one (or no item) is a version
// conflict, anything else the user's condition.
func (w *Writer) failed(op string, key map[string]types.AttributeValue, err error, f failure) error {
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) {
		return NewItemError(op, w.name, key, err)
	}
	return conditionFailed(w.table, op, w.name, key, ccf.Item, err, f)
}

// conditionFailed builds the error of a failed condition that found item
// stored (nil when there was none).
func conditionFailed(t *Table, op, name string, key, cur map[string]types.AttributeValue, err error, f failure) error {
	ie := &ItemError{Op: op, Table: name, Key: key, Item: cur, table: t}
	exists := len(cur) > 0
	switch {
	case f.create && exists:
		ie.Err = fmt.Errorf("%w: item already exists: %w", ErrConditionFailed, err)
	case f.update && !exists && !(f.versioned && f.prev != 0):
		ie.Err = fmt.Errorf("%w: %w", ErrNotFound, err)
	case f.versioned && !exists && !f.absentOK:
		// At every version, 0 included: DeleteVersion(0) of a missing item
		// is the conflict DeleteVersion(1) of one is.
		ie.Err = fmt.Errorf("%w: %w: no item with this key (version %d was expected): %w", ErrVersionConflict, ErrNotFound, f.prev, err)
	case f.versioned && exists && !sameNumber(cur[t.Schema.Version], NInt(f.prev)):
		ie.Err = fmt.Errorf("%w: %s, expected %d: %w", ErrVersionConflict, storedVersion(cur[t.Schema.Version]), f.prev, err)
	case !exists:
		ie.Err = fmt.Errorf("no item with this key: %w", err)
	default:
		// Key, version and existence held: the condition given with If (or
		// TxCheck's) is what failed.
		ie.Err = fmt.Errorf("%w: the stored item does not meet the condition given with ddb.If or TxCheck: %w", ErrConditionFailed, err)
	}
	return ie
}

// storedVersion says which version a failed condition found: "stored
// version 7", or that the stored item has none.
func storedVersion(v types.AttributeValue) string {
	if n, ok := v.(*types.AttributeValueMemberN); ok {
		return "stored version " + canonicalNumber(n.Value)
	}
	if v == nil {
		return "the stored item has no version attribute"
	}
	return "the stored version is no number"
}

// sameNumber reports whether a and b are N values of the same number.
func sameNumber(a, b types.AttributeValue) bool {
	an, ok1 := a.(*types.AttributeValueMemberN)
	bn, ok2 := b.(*types.AttributeValueMemberN)
	return ok1 && ok2 && canonicalNumber(an.Value) == canonicalNumber(bn.Value)
}

// FailedItem returns the stored item a failed conditional write found
// (errors.Is(err, ErrConditionFailed)), decoded into the model T: nil when
// there was none or when err is not such an error. For a cancelled
// transaction it is the item of the first failed action on a table of T.
func FailedItem[T any](err error) *T {
	want := reflect.TypeFor[*T]()
	var out *T
	eachItemError(err, func(ie *ItemError) bool {
		if ie.table == nil || len(ie.Item) == 0 || ie.table.model != want {
			return true
		}
		v := new(T)
		if ie.table.decode(v, ie.Item) != nil {
			return true
		}
		out = v
		return false
	})
	return out
}

// eachItemError calls f for every *ItemError in err's tree, depth first,
// until f returns false.
func eachItemError(err error, f func(*ItemError) bool) bool {
	if err == nil {
		return true
	}
	if ie, ok := err.(*ItemError); ok && !f(ie) {
		return false
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return eachItemError(u.Unwrap(), f)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if !eachItemError(e, f) {
				return false
			}
		}
	}
	return true
}

// WriteBatch puts the items puts and deletes the items with the keys
// deletes, 25 per request, retrying unprocessed ones with backoff until done
// or ctx ends. On failure the error is a *BatchWriteError whose Unwritten
// indexes puts followed by deletes: index i < len(puts) is puts[i], otherwise
// deletes[i-len(puts)]. Batch writes cannot be conditional: versions are
// written as they are, without optimistic locking.
func WriteBatch[T any](ctx context.Context, w *Writer, puts []T, deletes []map[string]types.AttributeValue, opts []BatchOption) error {
	items := make([]any, len(puts))
	for i := range puts {
		items[i] = &puts[i]
	}
	return w.batchWrite(ctx, items, deletes, opts)
}

//go:noinline
func (w *Writer) batchWrite(ctx context.Context, puts []any, deletes []map[string]types.AttributeValue, opts []BatchOption) error {
	if err := w.writable("BatchWriteItem"); err != nil {
		return err
	}
	meta := w.table.meta()
	reqs := make([]types.WriteRequest, 0, len(puts)+len(deletes))
	refuse := func(err error) error {
		all := make([]int, len(puts)+len(deletes))
		for i := range all {
			all[i] = i
		}
		return &BatchWriteError{Table: w.name, Unwritten: all, Err: err}
	}
	for i, v := range puts {
		item, err := w.table.encode(v)
		if err != nil {
			return refuse(inPart(fmt.Sprintf("put %d", i), &ItemError{Op: "BatchWriteItem", Table: w.name, Err: err}))
		}
		if err := meta.checkItem(item); err != nil {
			return refuse(inPart(fmt.Sprintf("put %d", i), inputError("BatchWriteItem", w.name, err)))
		}
		reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
	}
	for i, key := range deletes {
		if err := meta.checkKey(key); err != nil {
			return refuse(inPart(fmt.Sprintf("delete %d", i), inputError("BatchWriteItem", w.name, err)))
		}
		reqs = append(reqs, types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: key}})
	}
	return BatchWrite(ctx, w.api, w.name, meta.names, reqs, opts...)
}
