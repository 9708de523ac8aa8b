package ddb

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Index describes how a table (name "") or one of its secondary indexes is
// read: its partition key attribute and its sort key attribute ("" when it
// has none). Generated code declares one per index.
type Index struct {
	Name   string // "" for the table itself
	PK, SK string // key attribute names; SK is "" when there is no sort key
}

// unmarshaler is what the items of a query or scan decode through: the
// generated UnmarshalItem of its result type.
type unmarshaler interface {
	UnmarshalItem(map[string]types.AttributeValue) error
}

// QueryIndex starts a query of index ix (or the table) for the items with
// partition key pk (the key's handle's Key(v)), or a scan of it when pk is
// ScanAll, whose items decode into R: the model, or the generated
// projection type of a KEYS_ONLY or INCLUDE index. Nothing checks that R is
// what ix holds (generated methods choose it): a model type for a
// KEYS_ONLY index decodes items that hold only keys. R's pointer must have
// an UnmarshalItem method (generated models and projections do); an item
// decoded into one without it is an error of All or Page.
//
// Among the options of a query, a condition made by the sort key's handle
// (OrderAttrs.OrderDate.BeginsWith("2026-")) is the sort key condition;
// Filter, Limit, Descending, Select and (on tables and local indexes)
// ConsistentRead shape it. A scan takes Filter, Limit, Segment, Select and
// (on tables and local indexes) ConsistentRead.
func QueryIndex[R any, O option](r *Reader, ix *Index, pk KeyValue, opts []O) *Query[R] {
	return (*Query[R])(readIndex(r, ix, pk, opts, true))
}

// IndexRead is a query or scan without the type of its items: what ReadIndex
// returns, and what Query[R] is for each R. Generated methods convert it,
// (*ddb.Query[Order])(ddb.ReadIndex(...)), rather than call QueryIndex: a
// conversion compiles to nothing, where QueryIndex would be compiled once
// more for each item type of a models package.
type IndexRead struct {
	q readState
}

// ReadIndex is QueryIndex without the type of the items, for generated
// methods, whose items decode into the index's projection type: a Select of
// an attribute a KEYS_ONLY or INCLUDE local index does not hold is refused,
// as that type has no field for it (QueryIndex accepts it: DynamoDB reads it
// from the table, and R may be the model).
//
//go:noinline
func ReadIndex[O option](r *Reader, ix *Index, pk KeyValue, opts []O) *IndexRead {
	return readIndex(r, ix, pk, opts, false)
}

func readIndex[O option](r *Reader, ix *Index, pk KeyValue, opts []O, anyType bool) *IndexRead {
	q := new(IndexRead)
	applyOptions(opts, &q.q.s)
	q.q.anyType = anyType
	r.initRead(&q.q, ix.Name, ix.PK, ix.SK, pk)
	if q.q.err == nil && len(q.q.s.keyParts) > 0 {
		q.q.err = fmt.Errorf("key-part conditions (an entity's KeyParts) are options of the entity's queries")
	}
	return q
}

// errUnmade is the error of a Query not made by ReadIndex (its zero value).
var errUnmade = &InputError{Err: errors.New("a zero ddb.Query: the query or scan was not made by a store's Query or Scan method (nor by QueryIndex)"), Hint: "start queries and scans from a store: store.Query(...), store.Scan()"}

// ScanAll is the key of QueryIndex for a scan.
var ScanAll = KeyValue{scan: true}

// readState is everything a query or scan is, without its types.
type readState struct {
	made           bool // by initRead: the zero value is an error
	anyType        bool // made by QueryIndex: items may decode into the model
	scan           bool
	api            ReadAPI
	table, index   string
	logical        string // the table's logical name, for the owner check of conditions
	keyAttrs       []string
	pkAttr, skAttr string
	pk             types.AttributeValue
	sk             SortCond
	s              readSettings
	err            error
	entity         *Entity // an entity query: items of other entities are skipped (or refused)
	skipped        int     // items of other entities skipped
	// owns tells the items an entity or collection query keeps from those
	// it skips, which do not count against All's Limit (nil: all count).
	owns func(map[string]types.AttributeValue) bool
}

//go:noinline
func (r *Reader) initRead(q *readState, index, pkAttr, skAttr string, key KeyValue) {
	s := &q.s
	q.made = true
	if key.scan {
		r.initScan(q, index)
		return
	}
	pk, err := key.av, key.err
	q.api, q.table, q.index, q.logical, q.keyAttrs = r.api, r.name, index, r.table.Schema.Name, r.table.meta().names
	q.pkAttr, q.skAttr, q.pk = pkAttr, skAttr, pk
	if err == nil && emptyKeyValue(pk) {
		err = &InputError{Index: index, Attr: pkAttr, Err: fmt.Errorf("%w: the partition key is empty", ErrEmptyKey), Hint: "query a partition by a non-empty key, or Scan"}
	}
	if err == nil {
		err = s.err
	}
	if err == nil {
		err = s.checkSelect(r.table.Schema.Name)
	}
	if err == nil && (s.segments > 0 || s.parallel > 0) {
		err = fmt.Errorf("Segment and Parallel are options of scans, not queries")
	}
	if err == nil {
		q.sk, err = keyCondition(skAttr, index, r.table.Schema.Name, s.keyCond, s.keyConds)
	}
	if err == nil {
		err = r.checkIndexReads(index, s, q.anyType)
	}
	q.err = err
}

// checkIndexReads refuses what an index that projects some attributes
// cannot give: a Select of an attribute it does not hold (a global index
// refuses it; a local one reads it from the table, which only matters when
// the items decode into the index's projection type, without that field:
// anyType false), or a Filter on one on a global index (DynamoDB refuses it,
// where a local index reads it from the table).
func (r *Reader) checkIndexReads(index string, s *readSettings, anyType bool) error {
	if index == "" || (len(s.projection) == 0 && s.filter.IsZero()) {
		return nil
	}
	sch := &r.table.Schema
	var ix *IndexSchema
	global := false
	for i := range sch.LSIs {
		if sch.LSIs[i].Name == index {
			ix = &sch.LSIs[i]
		}
	}
	for i := range sch.GSIs {
		if sch.GSIs[i].Name == index {
			ix, global = &sch.GSIs[i], true
		}
	}
	if ix == nil || ix.projection() == types.ProjectionTypeAll || (!global && anyType) {
		return nil
	}
	projection := ix.projection()
	holds := map[string]bool{ix.PK.Name: true, ix.SK.Name: true}
	for _, k := range sch.KeyAttrs() {
		holds[k] = true
	}
	for _, a := range ix.NonKey {
		holds[a] = true
	}
	kind := "local"
	if global {
		kind = "global"
	}
	why := "DynamoDB refuses to read it"
	if !global {
		why = "and its items decode into a type without it"
	}
	for _, p := range s.projection {
		if a := p.TopLevel(); !holds[a] {
			return fmt.Errorf("Select of %s: %s index %s (projection %s) does not hold attribute %q, %s: read it with Get, query the table, or project it into the index", p, kind, index, projection, a, why)
		}
	}
	if global {
		if a := s.filter.usesOutside(holds); a != "" {
			return fmt.Errorf("Filter on %q: global index %s (projection %s) does not hold it, so DynamoDB cannot filter on it: filter a query of the table, or project it into the index", a, index, projection)
		}
	}
	return nil
}

func (r *Reader) initScan(q *readState, index string) {
	s := &q.s
	q.scan, q.api, q.table, q.index, q.logical, q.keyAttrs, q.err = true, r.api, r.name, index, r.table.Schema.Name, r.table.meta().names, s.err
	if q.err == nil {
		q.err = s.checkSelect(r.table.Schema.Name)
	}
	if q.err == nil {
		q.err = r.checkIndexReads(index, s, q.anyType)
	}
	switch {
	case q.err != nil:
	case s.keyConds > 0:
		q.err = fmt.Errorf("a scan has no sort key condition: pass the condition in Filter(...)")
	case s.descending:
		q.err = fmt.Errorf("Descending is an option of queries, not scans")
	case s.parallel > 0 && s.segments > 0:
		q.err = fmt.Errorf("a parallel scan chooses its own segments: drop Segment or Parallel")
	}
}

// keyOps are the condition operators a sort key condition may use.
var keyOps = map[condOp]SortOp{opEq: SortEq, opLt: SortLt, opLe: SortLe, opGt: SortGt, opGe: SortGe, opBetween: SortBetween, opBeginsWith: SortBeginsWith}

// keyCondition turns the sort key condition given among a query's options
// into a SortCond: at most one, a comparison, BETWEEN or begins_with on the
// sort key skAttr itself.
func keyCondition(skAttr, index, table string, c Cond, count int) (SortCond, error) {
	var out SortCond
	if count == 0 {
		return out, nil
	}
	where := "the table"
	if index != "" {
		where = "index " + index
	}
	if skAttr == "" {
		return out, fmt.Errorf("%s has no sort key: pass conditions in Filter(...)", where)
	}
	if count > 1 {
		return out, fmt.Errorf("a query takes one sort key condition, got %d: pass further conditions in Filter(...)", count)
	}
	n := c.n
	if n.err != nil {
		return out, n.err
	}
	if n.omitted {
		return out, &InputError{Index: index, Attr: skAttr, Err: fmt.Errorf("%w: a sort key value is empty", ErrEmptyKey), Hint: "DynamoDB refuses empty key values in key conditions"}
	}
	op, ok := keyOps[n.op]
	if !ok || n.size || !n.path.IsTopLevel() || n.path.TopLevel() != skAttr || (n.path.table != "" && n.path.table != table) {
		return out, fmt.Errorf("the condition on %s is not a sort key condition of %s: it must compare %s (Eq, Lt, Le, Gt, Ge, Between, BeginsWith); pass other conditions in Filter(...)", n.path, where, skAttr)
	}
	if op == SortBeginsWith && emptyKeyValue(n.vals[0]) {
		return out, &InputError{Index: index, Attr: skAttr, Err: fmt.Errorf("%w: begins_with of an empty prefix in the sort key condition, which DynamoDB refuses", ErrEmptyKey), Hint: "leave the sort key condition out to read the whole partition (every value begins with the empty prefix)"}
	}
	for _, v := range n.vals {
		if emptyKeyValue(v) {
			return out, &InputError{Index: index, Attr: skAttr, Err: fmt.Errorf("%w: a sort key value is empty", ErrEmptyKey), Hint: "DynamoDB refuses empty key values in key conditions"}
		}
	}
	out.Op, out.Lo = op, n.vals[0]
	if op == SortBetween {
		out.Hi = n.vals[1]
	}
	return out, nil
}

// emptyKeyValue reports whether av is no usable key value: nil, NULL, an
// empty string or empty binary.
func emptyKeyValue(av types.AttributeValue) bool {
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		return v.Value == ""
	case *types.AttributeValueMemberB:
		return len(v.Value) == 0
	case *types.AttributeValueMemberN:
		return false
	}
	return true
}

// projectionExpr renders the projection with the table's key attributes first.
func projectionExpr(b *Builder, keyAttrs []string, projection []AttrPath) string {
	paths := make([]AttrPath, 0, len(keyAttrs)+len(projection))
	for _, a := range keyAttrs {
		paths = append(paths, Attr(a))
	}
	return b.Paths(append(paths, projection...))
}

func (q *readState) queryInput(count bool) (*dynamodb.QueryInput, error) {
	if q.err != nil {
		return nil, inputError("Query", q.table, q.err)
	}
	var b Builder
	kc, err := b.KeyCondition(q.pkAttr, q.pk, q.skAttr, q.sk)
	if err != nil {
		return nil, &InputError{Op: "Query", Table: q.table, Index: q.index, Err: err}
	}
	in := &dynamodb.QueryInput{TableName: aws.String(q.table), KeyConditionExpression: aws.String(kc)}
	if q.index != "" {
		in.IndexName = aws.String(q.index)
	}
	if key := q.s.filter.uses(q.pkAttr, q.skAttr); key != "" {
		return nil, &InputError{Op: "Query", Table: q.table, Index: q.index, Attr: key, Err: fmt.Errorf("a query's filter cannot use the key attribute %s (DynamoDB refuses it)", key), Hint: "put the condition on the sort key in the query's sort key condition"}
	}
	f, err := q.s.filter.renderFor(&b, q.logical)
	if err != nil {
		return nil, &InputError{Op: "Query", Table: q.table, Index: q.index, Err: err}
	}
	if f != "" {
		in.FilterExpression = aws.String(f)
	}
	if count && q.entity != nil {
		in.ProjectionExpression = aws.String(projectionExpr(&b, q.entityCountAttrs(), nil))
	} else if count {
		in.Select = types.SelectCount
	} else if len(q.s.projection) > 0 {
		in.ProjectionExpression = aws.String(projectionExpr(&b, q.keyAttrs, q.s.projection))
	}
	in.ExpressionAttributeNames, in.ExpressionAttributeValues = b.Names(), b.Values()
	if q.s.limit > 0 && !count {
		in.Limit = aws.Int32(q.s.limit)
	}
	if q.s.descending {
		in.ScanIndexForward = aws.Bool(false)
	}
	if q.s.consistent {
		in.ConsistentRead = aws.Bool(true)
	}
	in.ReturnConsumedCapacity = q.s.meter.ask()
	return in, nil
}

func (q *readState) scanInput(count bool) (*dynamodb.ScanInput, error) {
	if q.err != nil {
		return nil, inputError("Scan", q.table, q.err)
	}
	in := &dynamodb.ScanInput{TableName: aws.String(q.table)}
	if q.index != "" {
		in.IndexName = aws.String(q.index)
	}
	var b Builder
	f, err := q.s.filter.renderFor(&b, q.logical)
	if err != nil {
		return nil, &InputError{Op: "Scan", Table: q.table, Index: q.index, Err: err}
	}
	if f != "" {
		in.FilterExpression = aws.String(f)
	}
	if count && q.entity != nil {
		in.ProjectionExpression = aws.String(projectionExpr(&b, q.entityCountAttrs(), nil))
	} else if count {
		in.Select = types.SelectCount
	} else if len(q.s.projection) > 0 {
		in.ProjectionExpression = aws.String(projectionExpr(&b, q.keyAttrs, q.s.projection))
	}
	in.ExpressionAttributeNames, in.ExpressionAttributeValues = b.Names(), b.Values()
	if q.s.limit > 0 && !count {
		in.Limit = aws.Int32(q.s.limit)
	}
	if q.s.consistent {
		in.ConsistentRead = aws.Bool(true)
	}
	in.ReturnConsumedCapacity = q.s.meter.ask()
	if q.s.segments > 0 {
		in.Segment, in.TotalSegments = aws.Int32(q.s.segment), aws.Int32(q.s.segments)
	}
	return in, nil
}

// queryItems yields the raw items of the query; what names it in errors.
//
//go:noinline
func (q *readState) queryItems(ctx context.Context, into DirectItems) (reqName, iter.Seq2[map[string]types.AttributeValue, error]) {
	in, err := q.queryInput(false)
	if err != nil {
		return reqName{kind: "Query"}, failRaw(err)
	}
	what := reqName{"Query", in.TableName, in.IndexName}
	return what, rawPages(what, in.Limit, ownedCounts(queryFetch(ctx, q.api, in, q.s.meter, into), q.owns))
}

//go:noinline
func (q *readState) queryPage(ctx context.Context, cursor string, into DirectItems) (reqName, []map[string]types.AttributeValue, string, error) {
	in, err := q.queryInput(false)
	if err != nil {
		return reqName{kind: "Query"}, nil, "", err
	}
	items, next, err := rawQueryPage(ctx, q.api, in, cursor, q.s.meter, into)
	return reqName{"Query", in.TableName, in.IndexName}, items, next, err
}

//go:noinline
func (q *readState) queryCount(ctx context.Context) (int, error) {
	in, err := q.queryInput(true)
	if err != nil {
		return 0, err
	}
	return countPages("Query", in.TableName, in.IndexName, func(start map[string]types.AttributeValue) (int32, map[string]types.AttributeValue, error) {
		next := *in
		next.ExclusiveStartKey = start
		out, err := q.api.Query(ctx, &next)
		if err != nil {
			return 0, nil, err
		}
		q.s.meter.add(out.ConsumedCapacity)
		return q.counted(out.Items, out.Count), out.LastEvaluatedKey, nil
	})
}

// entityCountAttrs are the attributes an entity read's Count reads to tell
// the entity's items from others: the table's and the index's keys, and the
// type attribute where the index holds it (a KEYS_ONLY or INCLUDE global
// index without it: the keys tell, see Entity.Owns).
func (q *readState) entityCountAttrs() []string {
	attrs := append([]string(nil), q.keyAttrs...)
	sch := &q.entity.Table.Schema
	holdsType := q.index == ""
	for li, ixs := range [][]IndexSchema{sch.LSIs, sch.GSIs} {
		for i := range ixs {
			ix := &ixs[i]
			if ix.Name != q.index {
				continue
			}
			for _, k := range []string{ix.PK.Name, ix.SK.Name} {
				if k != "" && !contains(attrs, k) {
					attrs = append(attrs, k)
				}
			}
			// A local index reads what it does not hold from the table.
			holdsType = li == 0 || ix.projection() == types.ProjectionTypeAll || contains(ix.NonKey, q.entity.TypeAttr)
		}
	}
	if holdsType {
		attrs = append(attrs, q.entity.TypeAttr)
	}
	return attrs
}

// counted is the number of items of a Count page that count: all of them
// (n, as DynamoDB counted them) or, for an entity read, the entity's own.
func (q *readState) counted(items []map[string]types.AttributeValue, n int32) int32 {
	if q.entity == nil {
		return n
	}
	own := int32(0)
	for _, it := range items {
		if q.entity.Owns(it) {
			own++
		}
	}
	return own
}

// countPages adds up the Count of every page fetch returns, from the start.
func countPages(op string, table, index *string, fetch func(start map[string]types.AttributeValue) (int32, map[string]types.AttributeValue, error)) (int, error) {
	total := 0
	var start map[string]types.AttributeValue
	for {
		n, last, err := fetch(start)
		if err != nil {
			return total, requestFailed(op+" "+describe(table, index), err)
		}
		total += int(n)
		if len(last) == 0 {
			return total, nil
		}
		start = last
	}
}

// scanItems yields the raw items of the scan, of totalSegments parallel
// segments when it is positive.
//
//go:noinline
func (q *readState) scanItems(ctx context.Context, totalSegments int, into DirectItems) (reqName, iter.Seq2[map[string]types.AttributeValue, error]) {
	in, err := q.scanInput(false)
	if err != nil {
		return reqName{kind: "Scan"}, failRaw(err)
	}
	what := reqName{"Scan", in.TableName, in.IndexName}
	if totalSegments > 0 {
		if t, ok := into.(*directSlice); ok {
			if t.skipForeign {
				t.shared = new(atomic.Int64) // the segments' skips of other entities' items
			}
			return what, parallelDirect(what, t, parallelScan(ctx, q.api, in, totalSegments, q.s.meter, t.v.Type().Elem(), nil, t.shared))
		}
		return what, rawParallelScan(ctx, q.api, in, totalSegments, q.s.meter, q.owns)
	}
	return what, rawPages(what, in.Limit, ownedCounts(scanFetch(ctx, q.api, in, q.s.meter, into), q.owns))
}

//go:noinline
func (q *readState) scanPage(ctx context.Context, cursor string, into DirectItems) (reqName, []map[string]types.AttributeValue, string, error) {
	in, err := q.scanInput(false)
	if err != nil {
		return reqName{kind: "Scan"}, nil, "", err
	}
	items, next, err := rawScanPage(ctx, q.api, in, cursor, q.s.meter, into)
	return reqName{"Scan", in.TableName, in.IndexName}, items, next, err
}

//go:noinline
func (q *readState) scanCount(ctx context.Context) (int, error) {
	in, err := q.scanInput(true)
	if err != nil {
		return 0, err
	}
	return countPages("Scan", in.TableName, in.IndexName, func(start map[string]types.AttributeValue) (int32, map[string]types.AttributeValue, error) {
		next := *in
		next.ExclusiveStartKey = start
		out, err := q.api.Scan(ctx, &next)
		if err != nil {
			return 0, nil, err
		}
		q.s.meter.add(out.ConsumedCapacity)
		return q.counted(out.Items, out.Count), out.LastEvaluatedKey, nil
	})
}

func failRaw(err error) iter.Seq2[map[string]types.AttributeValue, error] {
	return func(yield func(map[string]types.AttributeValue, error) bool) { yield(nil, err) }
}

// Query is a query or a scan of a table or index yielding items of type R,
// made by a generated Query or Scan method. Problems found while it was built
// (an empty key, a misplaced option, a condition that cannot be encoded) are
// returned by All, Page and Count, before anything is sent.
type Query[R any] IndexRead

// Scan is a scan: the same type as a query (Parallel is for scans only).
type Scan[R any] = Query[R]

// All yields the items, paging transparently; breaking out of the loop stops
// fetching. An error is yielded once, as the last element. A scan with the
// Parallel option reads its segments concurrently and yields in no order.
// (Not inlined: its closures would be compiled twice per R.)
//
//go:noinline
func (q *Query[R]) All(ctx context.Context) iter.Seq2[R, error] {
	return func(yield func(R, error) bool) {
		// Items are decoded into v, reset after each: one allocation per
		// sequence, not one per item.
		var v R
		// A DirectPageAPI client decodes the pages of a table's own model
		// into page, one page at a time (a parallel scan's segments, each
		// into pages of their own).
		var page *[]R // allocated only for a direct client
		var t *directSlice
		var into DirectItems
		skipped := q.q.skipped
		if _, ok := q.q.api.(DirectPageAPI); ok {
			page = new([]R)
			t = q.q.directSlice(page)
			into = t
		}
		what, seq := q.q.items(ctx, into)
		seq(func(item map[string]types.AttributeValue, err error) bool {
			var zero R
			if err == nil && t != nil && t.isDirect {
				q.q.skipped = skipped + t.skipped
				var p any
				if p, err = t.take(); err == nil {
					return yield(*p.(*R), nil)
				}
				err = decodeItemError(what, err)
			}
			if err == nil && q.q.entity != nil && !q.q.entity.Owns(item) {
				if !q.q.s.strict {
					q.q.skipped++
					return true
				}
				err = decodeItemError(what, q.q.entity.foreign(item))
			}
			if err == nil {
				if err = decodeItem(what, &v, item); err == nil {
					ok := yield(v, nil)
					v = zero
					return ok
				}
			}
			yield(zero, err)
			return false
		})
		if t != nil && t.isDirect {
			q.q.skipped = skipped + t.skipped // foreign items after the last one taken
		}
	}
}

// Page returns one page of items after cursor ("" for the first page) and the
// cursor of the next page ("" when there is none). A cursor is bound to this
// query (table, index, key values, conditions, filter, direction) or scan
// (and its segment): any other cursor is an error wrapping ErrInvalidCursor.
func (q *Query[R]) Page(ctx context.Context, cursor string) ([]R, string, error) {
	// A DirectPageAPI client decodes the items of a table's own model
	// straight into page (entity items are checked as maps first).
	var page *[]R // allocated only for a direct client
	var t *directSlice
	var into DirectItems
	if _, ok := q.q.api.(DirectPageAPI); ok {
		page = new([]R)
		t = q.q.directSlice(page)
		into = t
	}
	what, items, next, err := q.q.page(ctx, cursor, into)
	if t != nil && t.err != nil {
		return nil, "", decodeItemError(what, t.err)
	}
	if err != nil {
		return nil, "", err
	}
	if t != nil && t.isDirect {
		q.q.skipped += t.skipped
		if *page == nil {
			return []R{}, next, nil
		}
		return *page, next, nil
	}
	if q.q.entity != nil {
		if items, err = q.q.ownItems(what, items); err != nil {
			return nil, "", err
		}
	}
	out := make([]R, len(items))
	for i := range out {
		if err := decodeItem(what, any(&out[i]), items[i]); err != nil {
			return nil, "", err
		}
	}
	return out, next, nil
}

// Skipped returns how many items of other entities (or of none the table
// knows) an entity query met and skipped so far (see StrictEntities).
func (q *Query[R]) Skipped() int { return q.q.skipped }

// ownItems drops the items of an entity query that are not the entity's,
// counting them, or refuses them under StrictEntities.
//
//go:noinline
func (q *readState) ownItems(what reqName, items []map[string]types.AttributeValue) ([]map[string]types.AttributeValue, error) {
	out := items[:0:0]
	for _, it := range items {
		if q.entity.Owns(it) {
			out = append(out, it)
			continue
		}
		if q.s.strict {
			return nil, decodeItemError(what, q.entity.foreign(it))
		}
		q.skipped++
	}
	return out, nil
}

// Count returns the number of items the query or scan matches (after the
// filter), paging through all of them with Select=COUNT; Limit does not apply.
// An entity's query or scan counts only the entity's items: it reads their
// keys and type attribute (not Select=COUNT) and leaves out other entities'.
func (q *Query[R]) Count(ctx context.Context) (int, error) { return q.q.count(ctx) }

// decodeItem decodes item into dst (a *R of a Query[R]) with its
// UnmarshalItem method, or reports that it has none.
//
//go:noinline
func decodeItem(what reqName, dst any, item map[string]types.AttributeValue) error {
	u, ok := dst.(unmarshaler)
	if !ok {
		return decodeItemError(what, fmt.Errorf("%T has no UnmarshalItem method", dst))
	}
	if err := u.UnmarshalItem(item); err != nil {
		return decodeItemError(what, err)
	}
	return nil
}

// items yields the raw items of the query or scan.
//
//go:noinline
func (q *readState) items(ctx context.Context, into DirectItems) (reqName, iter.Seq2[map[string]types.AttributeValue, error]) {
	if !q.made {
		return reqName{kind: "Query"}, failRaw(errUnmade)
	}
	if !q.scan {
		return q.queryItems(ctx, into)
	}
	return q.scanItems(ctx, int(q.s.parallel), into)
}

//go:noinline
func (q *readState) page(ctx context.Context, cursor string, into DirectItems) (reqName, []map[string]types.AttributeValue, string, error) {
	if !q.made {
		return reqName{kind: "Query"}, nil, "", errUnmade
	}
	if q.scan && q.s.parallel > 0 && q.err == nil {
		return reqName{}, nil, "", &InputError{Op: "Scan", Table: q.table, Index: q.index, Err: errors.New("a parallel scan has no single page order"), Hint: "read it with All, or page each segment with Segment(i, n)"}
	}
	if q.scan {
		return q.scanPage(ctx, cursor, into)
	}
	return q.queryPage(ctx, cursor, into)
}

//go:noinline
func (q *readState) count(ctx context.Context) (int, error) {
	if !q.made {
		return 0, errUnmade
	}
	if q.scan {
		return q.scanCount(ctx)
	}
	return q.queryCount(ctx)
}

// parallelDirect hands the items a parallel scan's segments read directly
// to t, one at a time, for All to take (the yielded map is a placeholder);
// items a segment got as maps (a model without a direct decoder) pass as
// they are.
func parallelDirect(what reqName, t *directSlice, seq iter.Seq2[any, error]) iter.Seq2[map[string]types.AttributeValue, error] {
	return func(yield func(map[string]types.AttributeValue, error) bool) {
		seq(func(v any, err error) bool {
			var de *directItemError
			if errors.As(err, &de) {
				return yield(nil, decodeItemError(what, de.err))
			}
			if item, ok := v.(map[string]types.AttributeValue); ok || err != nil {
				return yield(item, err)
			}
			t.isDirect, t.cur = true, v
			if t.shared != nil {
				t.skipped = int(t.shared.Load())
			}
			return yield(nil, nil)
		})
		if t.shared != nil && t.shared.Load() > 0 {
			// Other entities' items were skipped in the segments: the
			// answers were decoded directly, whatever was yielded.
			t.isDirect, t.skipped = true, int(t.shared.Load())
		}
	}
}

// directSlice returns the collector of a direct client's pages of the
// query into *page: an entity query's skips other entities' items unless
// it is strict.
func (q *readState) directSlice(page any) *directSlice {
	t := newDirectSlice(page)
	t.skipForeign = q.entity != nil && !q.s.strict
	return t
}
