package ddb

import (
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

// Sentinel errors. Errors returned by this package and by generated stores wrap
// them, so callers test with errors.Is; the SDK's own error (for example
// *types.ConditionalCheckFailedException) stays reachable with errors.As.
var (
	// ErrNotFound: the item does not exist.
	ErrNotFound = errors.New("item not found")
	// ErrConditionFailed: a condition on a write was not met (DynamoDB's
	// ConditionalCheckFailedException). A version conflict is also a failed
	// condition, so errors.Is(err, ErrConditionFailed) holds for it too.
	ErrConditionFailed = errors.New("condition failed")
	// ErrVersionConflict: optimistic locking found another version of the item
	// than the one the write was based on.
	ErrVersionConflict = errors.New("version conflict")
	// ErrInvalidCursor: a page cursor is malformed, altered, truncated or was
	// issued for another table or index.
	ErrInvalidCursor = errors.New("invalid cursor")
)

// ItemError is an error of an operation on one item.
type ItemError struct {
	Op    string // DynamoDB operation, e.g. "PutItem"
	Table string
	Key   map[string]types.AttributeValue // the item's key, when known
	Err   error
	// Item is the stored item a failed condition found, as DynamoDB returned
	// it (nil when there was none); FailedItem decodes it into the model.
	Item  map[string]types.AttributeValue
	table *Table
}

func (e *ItemError) Error() string {
	if len(e.Key) > 0 {
		return "ddb: " + e.Op + " " + e.Table + " " + e.detail() // detail starts with the key
	}
	return "ddb: " + e.Op + " " + e.Table + ": " + e.detail()
}

// detail is the message without the operation and the table: the key, if
// known, and what went wrong.
func (e *ItemError) detail() string {
	var b strings.Builder
	if len(e.Key) > 0 {
		b.WriteString(FormatKey(e.Key))
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "ddb: "))
	} else {
		b.WriteString("unknown error")
	}
	return b.String()
}

func (e *ItemError) Unwrap() error { return e.Err }

// Is makes a DynamoDB ConditionalCheckFailedException match
// ErrConditionFailed, and a ValidationException (an item over 400 KB, say)
// match ErrInvalidInput.
func (e *ItemError) Is(target error) bool {
	switch target {
	case ErrConditionFailed:
		return IsConditionalCheckFailed(e.Err)
	case ErrInvalidInput:
		return isValidation(e.Err)
	}
	return false
}

// isValidation reports whether err is or wraps DynamoDB's ValidationException.
func isValidation(err error) bool {
	var api smithy.APIError
	return errors.As(err, &api) && api.ErrorCode() == "ValidationException"
}

// requestError is a failed query, scan or transaction request: its text
// names the request, and a ValidationException matches ErrInvalidInput, as
// it does for item requests (ItemError).
type requestError struct {
	what string // "Query orders index status-index", ...
	err  error
}

func requestFailed(what string, err error) error { return &requestError{what, err} }

func (e *requestError) Error() string { return "ddb: " + e.what + ": " + e.err.Error() }

func (e *requestError) Unwrap() error { return e.err }

func (e *requestError) Is(target error) bool { return target == ErrInvalidInput && isValidation(e.err) }

// IsConditionalCheckFailed reports whether err is or wraps DynamoDB's
// ConditionalCheckFailedException.
func IsConditionalCheckFailed(err error) bool {
	var ccf *types.ConditionalCheckFailedException
	return errors.As(err, &ccf)
}

// NewItemError wraps err (nil stays nil) as an *ItemError.
func NewItemError(op, table string, key map[string]types.AttributeValue, err error) error {
	if err == nil {
		return nil
	}
	return &ItemError{Op: op, Table: table, Key: key, Err: err}
}

// NotFound returns the error for a missing item.
func NotFound(op, table string, key map[string]types.AttributeValue) error {
	return &ItemError{Op: op, Table: table, Key: key, Err: ErrNotFound}
}

// VersionConflict returns the error for a failed optimistic-locking condition;
// cause (usually the SDK's ConditionalCheckFailedException) stays reachable.
func VersionConflict(op, table string, key map[string]types.AttributeValue, cause error) error {
	if cause == nil {
		return &ItemError{Op: op, Table: table, Key: key, Err: ErrVersionConflict}
	}
	return &ItemError{Op: op, Table: table, Key: key, Err: fmt.Errorf("%w: %w", ErrVersionConflict, cause)}
}

// BatchWriteError reports the requests of a BatchWrite that were not written.
type BatchWriteError struct {
	Table string
	// Unwritten holds the indices, into the requests given to BatchWrite, of
	// every request not confirmed as written, in increasing order. The
	// requests of a call that failed in flight, or that was under way when
	// ctx ended, are listed although DynamoDB may have applied them; retrying
	// them is safe because puts and deletes are idempotent.
	Unwritten []int
	Err       error
}

func (e *BatchWriteError) Error() string {
	return fmt.Sprintf("ddb: BatchWriteItem %s: %d request(s) not written %s: %s", e.Table, len(e.Unwritten), formatIndices(e.Unwritten), errDetail(e.Err))
}

func (e *BatchWriteError) Unwrap() error { return e.Err }

// BatchGetError reports the keys of a BatchGet that were not read.
type BatchGetError struct {
	Table string
	// Unread holds the indices, into the keys given to BatchGet, of every key
	// that was not read, in increasing order. (A key that was read but has no
	// item is not listed.)
	Unread []int
	Err    error
}

func (e *BatchGetError) Error() string {
	return fmt.Sprintf("ddb: BatchGetItem %s: %d key(s) not read %s: %s", e.Table, len(e.Unread), formatIndices(e.Unread), errDetail(e.Err))
}

func (e *BatchGetError) Unwrap() error { return e.Err }

func formatIndices(ix []int) string {
	const max = 20
	var b strings.Builder
	b.WriteString("[")
	for i, v := range ix {
		if i == max {
			fmt.Fprintf(&b, " ...%d more", len(ix)-max)
			break
		}
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprint(&b, v)
	}
	b.WriteString("]")
	return b.String()
}

// FormatKey renders a key for messages, e.g. {customer_id=S:"c1" order_date=S:"2024"}.
// Attributes are sorted by name.
func FormatKey(key map[string]types.AttributeValue) string {
	names := make([]string, 0, len(key))
	for n := range key {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("{")
	for i, n := range names {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(n)
		b.WriteString("=")
		switch v := key[n].(type) {
		case *types.AttributeValueMemberS:
			fmt.Fprintf(&b, "S:%q", v.Value)
		case *types.AttributeValueMemberN:
			b.WriteString("N:" + v.Value)
		case *types.AttributeValueMemberB:
			b.WriteString("B:" + base64.StdEncoding.EncodeToString(v.Value))
		default:
			fmt.Fprintf(&b, "%T", v)
		}
	}
	b.WriteString("}")
	return b.String()
}

// ErrInvalidInput is wrapped by every *InputError: a request that DynamoDB
// would refuse, caught before anything is sent. ErrEmptyKey is the most
// common case.
var ErrInvalidInput = errors.New("invalid input")

// ErrEmptyKey: a key attribute of the table or of an index holds an empty
// string or binary value, a query's partition key is empty, or a key prefix
// is empty. DynamoDB refuses all of these with a ValidationException.
var ErrEmptyKey = errors.New("empty key value")

// InputError reports a request that DynamoDB would refuse, before it is sent:
// nothing was written. errors.Is(err, ErrInvalidInput) holds for every
// InputError, errors.Is(err, ErrEmptyKey) for empty key values.
type InputError struct {
	Op    string // DynamoDB operation, e.g. "PutItem"; "" when not yet known
	Table string // physical table name, when known
	Index string // index name, "" for the table or when it is not about an index
	Attr  string // the attribute (or path) concerned, if any
	Err   error  // ErrEmptyKey, or what is wrong
	Hint  string // how to fix it
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString("ddb:")
	if e.Op != "" {
		b.WriteString(" ")
		b.WriteString(e.Op)
	}
	if e.Table != "" {
		b.WriteString(" ")
		b.WriteString(e.Table)
	}
	if e.Index != "" {
		b.WriteString(" index ")
		b.WriteString(e.Index)
	}
	if b.Len() == len("ddb:") {
		b.WriteString(" ") // nothing to name: "ddb: what is wrong"
	} else {
		b.WriteString(": ")
	}
	e.writeDetail(&b)
	return b.String()
}

// detail is the message without the operation and the table (the index
// stays: the enclosing error does not name it).
func (e *InputError) detail() string {
	var b strings.Builder
	if e.Index != "" {
		b.WriteString("index ")
		b.WriteString(e.Index)
		b.WriteString(": ")
	}
	e.writeDetail(&b)
	return b.String()
}

func (e *InputError) writeDetail(b *strings.Builder) {
	if e.Attr != "" {
		fmt.Fprintf(b, "attribute %q: ", e.Attr)
	}
	if e.Err != nil {
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "ddb: "))
	}
	if e.Hint != "" {
		b.WriteString(": ")
		b.WriteString(e.Hint)
	}
}

func (e *InputError) Unwrap() error { return e.Err }

// Is makes every InputError match ErrInvalidInput.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

// inputError returns err as an *InputError, filling in op and table when it
// already is one; any other error is wrapped.
func inputError(op, table string, err error) error {
	var ie *InputError
	if errors.As(err, &ie) {
		if ie.Op == "" {
			ie.Op = op
		}
		if ie.Table == "" {
			ie.Table = table
		}
		return ie
	}
	return &InputError{Op: op, Table: table, Err: err}
}

// errDetail is the message of err without the context an enclosing error
// already gives (the package, the operation and the table): an *InputError
// or *ItemError without its operation and table, any other error without a
// leading "ddb: ".
func errDetail(err error) string {
	switch e := err.(type) {
	case nil:
		return "unknown error"
	case *InputError:
		return e.detail()
	case *ItemError:
		return e.detail()
	}
	return strings.TrimPrefix(err.Error(), "ddb: ")
}

// partError is the error of one part of a request (a put of a batch, the
// operand of a condition): "put 3: " and the part's error without the
// context the enclosing error names (see errDetail).
type partError struct {
	what string
	err  error
}

// inPart returns err as the error of the part what of a request.
func inPart(what string, err error) error { return &partError{what, err} }

func (e *partError) Error() string { return e.what + ": " + errDetail(e.err) }

func (e *partError) Unwrap() error { return e.err }

// ErrMissingPath: an update action on a member of a map or an element of a
// list (Key(k).Set(v), At(i).Set(v), ...) found no map or list there in the
// stored item: it is missing, NULL or of another type. DynamoDB creates no
// map or list for a member: it refuses the update (a ValidationException,
// wrapped too), and nothing is written. errors.Is(err, ErrInvalidInput)
// holds as well. Set the whole map or list first (with If(h.NotExists()) to
// keep one another writer made meanwhile), then update its members.
var ErrMissingPath = errors.New("no map or list holds the path")

// docPathMessage is DynamoDB's message for an update of a path whose map or
// list is missing (a ValidationException, or a transaction's ValidationError).
const docPathMessage = "The document path provided in the update expression is invalid for update"

// missingPathError is ErrMissingPath for the nested paths of an update.
// DynamoDB does not say which path it refused, so the message names each
// path and each parent once, as "one of" when there are several.
type missingPathError struct {
	paths   []AttrPath // the update's paths below the top level
	actions []string   // in a transaction: the actions holding them, "action 0 (Update T key)"
	err     error      // DynamoDB's error
}

func (e *missingPathError) Error() string {
	var paths, parents []string
	for _, p := range e.paths {
		paths = appendUnique(paths, p.String())
		parents = appendUnique(parents, AttrPath{elems: p.elems[:len(p.elems)-1]}.String())
	}
	var b strings.Builder
	b.WriteString(ErrMissingPath.Error())
	b.WriteString(": ")
	b.WriteString(oneOf(paths))
	if len(e.actions) > 0 {
		b.WriteString(" in ")
		b.WriteString(oneOf(e.actions))
	}
	if len(paths) > 1 || len(e.actions) > 1 {
		b.WriteString(" (DynamoDB does not say which)")
	}
	b.WriteString(": the stored item has no map or list ")
	if len(parents) > 1 {
		b.WriteString("at ")
	}
	b.WriteString(oneOf(parents))
	b.WriteString(" (it is missing, NULL or of another type), and DynamoDB creates none for a member: Set the whole attribute first (with If(NotExists()) on it, to keep one made meanwhile), then update its members: ")
	b.WriteString(e.err.Error())
	return b.String()
}

// appendUnique appends s to list unless list holds it.
func appendUnique(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// oneOf is "a" for one element, "one of a, b, c" for more.
func oneOf(list []string) string {
	if len(list) == 1 {
		return list[0]
	}
	return "one of " + strings.Join(list, ", ")
}

func (e *missingPathError) Unwrap() []error { return []error{ErrMissingPath, e.err} }

// Is makes it match ErrInvalidInput: DynamoDB refused the request.
func (e *missingPathError) Is(target error) bool { return target == ErrInvalidInput }

// nestedPaths returns the paths of actions below the top level.
func nestedPaths(actions []Action) []AttrPath {
	var out []AttrPath
	for _, a := range actions {
		if a.a != nil && len(a.a.path.elems) > 1 {
			out = append(out, a.a.path)
		}
	}
	return out
}

// withMissingPath returns err as an ErrMissingPath when it is DynamoDB's
// refusal of an update with nested paths that have no map or list to go in
// (for a transaction's cancellation reason, an *InputError, its Err is
// wrapped); any other err is returned as it is.
func withMissingPath(err error, paths []AttrPath) error {
	return withMissingPathIn(err, paths, nil)
}

// withMissingPathIn is withMissingPath for a transaction's request, naming
// the actions that hold nested paths.
func withMissingPathIn(err error, paths []AttrPath, actions []string) error {
	if len(paths) == 0 || err == nil || !strings.Contains(err.Error(), docPathMessage) {
		return err
	}
	if ie, ok := err.(*InputError); ok {
		ie.Err = &missingPathError{paths: paths, actions: actions, err: ie.Err}
		return ie
	}
	return &missingPathError{paths: paths, actions: actions, err: err}
}
