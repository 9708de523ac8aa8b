package ddb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/keys"
)

// MigrateAPI is the part of *dynamodb.Client a Migration uses.
type MigrateAPI interface {
	ScanAPI
	GetItemAPI
	PutItemAPI
	DeleteItemAPI
	TxWriteAPI
}

var _ MigrateAPI = (*dynamodb.Client)(nil)

// Migration rewrites the stored items of one entity of a single-table design
// from the keys its old templates built to its new keys, after a template
// change (see the README, "Changing a key template"). It is resumable and
// idempotent: the table is read by a parallel scan, one segment at a time
// (Segment) or all at once (All); each segment returns a Checkpoint to resume
// from, so a large table spreads over many Lambda invocations; running a
// segment again, or two runs at once, moves every item once.
//
// Each item is moved by one conditional transaction: put the item under its
// new keys if nothing is there, and delete it under its old keys if it is
// unchanged since it was read. When a concurrent writer changed (or deleted)
// the old item in between, the item is read again and the move redone. An item
// identical to the one to write already at the new keys (a move made by an
// earlier run) only has its old copy deleted; a different one (the new code
// created the item anew) is a conflict: both are left as they are and
// reported. When the table's own key does not change (an index key template
// did), the item is rewritten in place by one conditional put.
//
// "Unchanged since read" is the version attribute's value when the entity has
// one (every write of a generated store increments it); otherwise every
// attribute of Attrs and of the item read must hold the value read (or stay
// absent), which detects every write of a generated store (they only write the
// entity's attributes). Give the entity a version field if other code adds
// attributes of its own to its items while the migration runs.
type Migration struct {
	Client MigrateAPI
	Table  string // physical table name
	PK, SK string // the table's key attribute names (SK "" when it has none)
	// TypeAttr is the entity type attribute, Entity the name the items to
	// migrate hold in it (the old name, when the entity is renamed); the scan
	// reads only those.
	TypeAttr, Entity string
	// Old are the old templates by key attribute name. An item is one to move
	// only when each of them splits the item's attribute (keys.Template.Split);
	// the others (already at new keys, another shape) are skipped. Give at
	// least the templates that changed.
	Old map[string]*keys.Template
	// NewKeys returns the attributes to set on an item to move it: its new
	// key attributes (table and index keys, computed from its other
	// attributes with the new templates), a new entity name if it changes. A
	// nil value removes the attribute (an index the entity no longer fills).
	// An item for which it returns only the values the item holds is skipped
	// (already moved).
	NewKeys func(old map[string]types.AttributeValue) (map[string]types.AttributeValue, error)
	// Version is the entity's version attribute ("" when it has none); Attrs
	// the attribute names an item of the entity may hold (used when Version
	// is ""; see above).
	Version string
	Attrs   []string
	// Segments is the number of parallel-scan segments (1 when 0). A
	// checkpoint belongs to one segment of one segment count.
	Segments int
	// PageSize is the scan's Limit (100 when 0): a checkpoint is taken
	// after each page, so an interrupted run redoes at most one page.
	PageSize int32
	// Concurrency is how many items of a page move at once (8 when 0).
	Concurrency int
	// MaxAttempts bounds the tries of one item (20 when 0); a migration stops
	// with an error naming the item when it runs out (a hot item: run again).
	MaxAttempts int
}

// RekeyFrom returns a Migration.NewKeys for the entity T: it decodes the old
// item into a T and encodes it again, so its key attributes come from the
// current templates, and returns attrs of the result (a nil value for one the
// result lacks: an index the entity no longer fills). Name the key attributes
// whose templates changed, and the type attribute if the entity is renamed:
//
//	NewKeys: ddb.RekeyFrom[models.Order]("sk", "gsi1pk", "gsi1sk"),
func RekeyFrom[T any, PT interface {
	*T
	Item
}](attrs ...string) func(map[string]types.AttributeValue) (map[string]types.AttributeValue, error) {
	return func(old map[string]types.AttributeValue) (map[string]types.AttributeValue, error) {
		var v T
		if err := PT(&v).UnmarshalItem(old); err != nil {
			return nil, err
		}
		item, err := PT(&v).MarshalItem()
		if err != nil {
			return nil, err
		}
		out := make(map[string]types.AttributeValue, len(attrs))
		for _, a := range attrs {
			out[a] = item[a]
		}
		return out, nil
	}
}

// Checkpoint is where a segment's scan resumes: its zero value with Segment
// set starts segment Segment. It is plain data (JSON-encodable) to pass
// between invocations.
type Checkpoint struct {
	Segment  int    `json:"segment"`
	Segments int    `json:"segments,omitempty"` // the Migration's Segments; 0: not started
	After    string `json:"after,omitempty"`    // opaque position of the scan
	Done     bool   `json:"done,omitempty"`     // the segment is finished
}

// MigrationStats counts what a run did.
type MigrationStats struct {
	Scanned    int // items of the entity the scan returned
	Moved      int // items written under their new keys (and deleted under the old)
	Skipped    int // items not at old keys (already moved, another shape) or gone when redone
	Retried    int // moves redone after a concurrent write or a transaction conflict
	Duplicates int // an identical item was already at the new keys: only the old one deleted
	// Conflicts are items whose new keys hold a different item: both left
	// as they are, for you to decide.
	Conflicts []MigrationConflict
}

// MigrationConflict is an item that could not be moved because another item
// is stored under its new keys.
type MigrationConflict struct {
	Old, New map[string]types.AttributeValue // the table keys of both
}

func (s *MigrationStats) add(o MigrationStats) {
	s.Scanned += o.Scanned
	s.Moved += o.Moved
	s.Skipped += o.Skipped
	s.Retried += o.Retried
	s.Duplicates += o.Duplicates
	s.Conflicts = append(s.Conflicts, o.Conflicts...)
}

func (m *Migration) segments() int { return max(m.Segments, 1) }

func (m *Migration) check(cp Checkpoint) error {
	bad := func(attr, msg, hint string) error {
		return &InputError{Op: "Migrate", Table: m.Table, Attr: attr, Err: errors.New(msg), Hint: hint}
	}
	switch {
	case m.Client == nil:
		return bad("", "the migration has no client", "set Migration.Client")
	case m.Table == "" || m.PK == "" || m.TypeAttr == "" || m.Entity == "":
		return bad("", "the migration needs Table, PK, TypeAttr and Entity", "fill them as the table declares them")
	case m.NewKeys == nil:
		return bad("", "the migration has no NewKeys function", "set Migration.NewKeys")
	case m.Segments > 1000000 || m.Segments < 0:
		return bad("", "Segments must be between 1 and 1,000,000", "")
	case cp.Segment < 0 || cp.Segment >= m.segments():
		return bad("", fmt.Sprintf("segment %d of %d does not exist", cp.Segment, m.segments()), "segments are numbered 0 to Segments-1")
	case cp.Segments != 0 && cp.Segments != m.segments():
		return bad("", fmt.Sprintf("the checkpoint is of a scan in %d segments, the migration has %d", cp.Segments, m.segments()), "resume with the Segments the run started with")
	}
	return nil
}

// cursorScope ties a checkpoint to its entity, segment and segment count.
func (m *Migration) cursorScope(seg int) string {
	return "migrate " + m.Entity + " " + strconv.Itoa(seg) + "/" + strconv.Itoa(m.segments())
}

// Segment runs segment cp.Segment of the scan from cp until the segment is
// done or ctx ends, and returns the checkpoint to resume from (Done when
// finished) with what it did. On an error (ctx's end included) the checkpoint
// is the start of the page being processed: resuming from it is safe.
//
//	cp, stats, err := m.Segment(ctx, ddb.Checkpoint{Segment: i}) // first run of segment i
//	cp, stats, err = m.Segment(ctx, cp)                          // resume
func (m *Migration) Segment(ctx context.Context, cp Checkpoint) (Checkpoint, MigrationStats, error) {
	var st MigrationStats
	if err := m.check(cp); err != nil {
		return cp, st, err
	}
	cp.Segments = m.segments()
	if cp.Done {
		return cp, st, nil
	}
	scope := m.cursorScope(cp.Segment)
	start, err := DecodeCursor(m.Table, scope, cp.After)
	if err != nil {
		return cp, st, err
	}
	b := &Builder{}
	filter := b.Equal(m.TypeAttr, S(m.Entity))
	in := &dynamodb.ScanInput{
		TableName:                 aws.String(m.Table),
		Segment:                   aws.Int32(int32(cp.Segment)),
		TotalSegments:             aws.Int32(int32(m.segments())),
		FilterExpression:          aws.String(filter),
		ExpressionAttributeNames:  b.Names(),
		ExpressionAttributeValues: b.Values(),
		ConsistentRead:            aws.Bool(true),
		Limit:                     aws.Int32(cmpOr(m.PageSize, 100)),
	}
	for {
		if err := ctx.Err(); err != nil {
			return cp, st, err
		}
		in.ExclusiveStartKey = start
		var out *dynamodb.ScanOutput
		err := m.retry(ctx, func() (err error) {
			out, err = m.Client.Scan(ctx, in)
			return err
		})
		if err != nil {
			return cp, st, &requestError{what: "Scan " + m.Table + " (migration of " + m.Entity + ")", err: err}
		}
		if err := m.movePage(ctx, out.Items, &st); err != nil {
			return cp, st, err
		}
		if len(out.LastEvaluatedKey) == 0 {
			cp.After, cp.Done = "", true
			return cp, st, nil
		}
		after, err := EncodeCursor(m.Table, scope, out.LastEvaluatedKey)
		if err != nil {
			return cp, st, err
		}
		cp.After, start = after, out.LastEvaluatedKey
	}
}

// All runs every segment concurrently, each from its checkpoint in from
// (nil: from the start), and returns every segment's checkpoint (resume with
// them after an error) and the sum of what they did. The first error ends the
// other segments.
func (m *Migration) All(ctx context.Context, from []Checkpoint) ([]Checkpoint, MigrationStats, error) {
	n := m.segments()
	cps := make([]Checkpoint, n)
	for i := range cps {
		cps[i] = Checkpoint{Segment: i}
	}
	if from != nil {
		if len(from) != n {
			return from, MigrationStats{}, &InputError{Op: "Migrate", Table: m.Table, Err: fmt.Errorf("%d checkpoints for %d segments", len(from), n), Hint: "resume with the checkpoints All returned"}
		}
		copy(cps, from)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total MigrationStats
		first error
	)
	for i := range cps {
		wg.Go(func() {
			cp, st, err := m.Segment(ctx, cps[i])
			mu.Lock()
			defer mu.Unlock()
			cps[i] = cp
			total.add(st)
			if err != nil && first == nil {
				first = err
				cancel()
			}
		})
	}
	wg.Wait()
	return cps, total, first
}

// movePage moves the items of one scan page, Concurrency at a time; the
// first error stops the others.
func (m *Migration) movePage(ctx context.Context, items []map[string]types.AttributeValue, st *MigrationStats) error {
	st.Scanned += len(items)
	workers := min(cmpOr(m.Concurrency, 8), len(items))
	if workers <= 1 {
		for _, item := range items {
			if err := m.move(ctx, item, st); err != nil {
				return err
			}
		}
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan map[string]types.AttributeValue)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for range workers {
		wg.Go(func() {
			var mine MigrationStats
			var err error
			for item := range next {
				if err == nil {
					if err = m.move(ctx, item, &mine); err != nil {
						cancel()
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			st.add(mine)
			if err != nil && first == nil {
				first = err
			}
		})
	}
	for _, item := range items {
		if ctx.Err() != nil {
			break
		}
		next <- item
	}
	close(next)
	wg.Wait()
	if first == nil {
		first = ctx.Err() // the caller's context ended
	}
	return first
}

// move moves one item read by the scan, redoing it on concurrent writes.
func (m *Migration) move(ctx context.Context, item map[string]types.AttributeValue, st *MigrationStats) error {
	key := m.keyOf(item)
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			st.Retried++
			if attempt >= cmpOr(m.MaxAttempts, 20) {
				return &ItemError{Op: "Migrate", Table: m.Table, Key: key, Err: fmt.Errorf("the item changed under every one of %d attempts to move it; run the segment again", attempt)}
			}
			if err := sleepCtx(ctx, backoffOf(attempt)); err != nil {
				return err
			}
			// Read the item again: a concurrent writer changed it.
			out, err := m.Client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(m.Table), Key: key, ConsistentRead: aws.Bool(true)})
			if err != nil {
				if retryableError(ctx, err) {
					continue
				}
				return &ItemError{Op: "GetItem", Table: m.Table, Key: key, Err: err}
			}
			if len(out.Item) == 0 || !m.isOld(out.Item) {
				st.Skipped++ // deleted, or moved by another run
				return nil
			}
			item = out.Item
		}
		if !m.isOld(item) {
			st.Skipped++
			return nil
		}
		set, err := m.NewKeys(item)
		if err != nil {
			return &ItemError{Op: "Migrate", Table: m.Table, Key: key, Err: fmt.Errorf("new keys: %w", err)}
		}
		next := maps.Clone(item)
		for a, v := range set {
			if v == nil {
				delete(next, a)
			} else {
				next[a] = v
			}
		}
		if itemsEqual(next, item) {
			st.Skipped++ // already at its new keys
			return nil
		}
		newKey := m.keyOf(next)
		done, err := m.write(ctx, item, next, key, newKey, st)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}

// write makes one attempt to move item to next; done is false when the item
// must be read again and the move redone.
func (m *Migration) write(ctx context.Context, item, next, key, newKey map[string]types.AttributeValue, st *MigrationStats) (done bool, err error) {
	b := &Builder{}
	unchanged := m.unchanged(b, item)
	if itemsEqual(key, newKey) {
		// Same table key: rewrite in place, if unchanged.
		_, err := m.Client.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: aws.String(m.Table), Item: next, ConditionExpression: aws.String(unchanged),
			ExpressionAttributeNames: b.Names(), ExpressionAttributeValues: b.Values(),
		})
		switch {
		case err == nil:
			st.Moved++
			return true, nil
		case IsConditionalCheckFailed(err) || retryableError(ctx, err):
			return false, nil
		}
		return false, &ItemError{Op: "PutItem", Table: m.Table, Key: key, Err: err}
	}
	pb := &Builder{}
	notThere := pb.AttributeNotExists(m.PK)
	_, err = m.Client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{
			TableName: aws.String(m.Table), Item: next, ConditionExpression: aws.String(notThere),
			ExpressionAttributeNames:            pb.Names(),
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		}},
		{Delete: &types.Delete{
			TableName: aws.String(m.Table), Key: key, ConditionExpression: aws.String(unchanged),
			ExpressionAttributeNames: b.Names(), ExpressionAttributeValues: b.Values(),
		}},
	}})
	if err == nil {
		st.Moved++
		return true, nil
	}
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) {
		if retryableError(ctx, err) {
			return false, nil
		}
		return false, &ItemError{Op: "TransactWriteItems", Table: m.Table, Key: key, Err: err}
	}
	reason := func(i int) types.CancellationReason {
		if i < len(tce.CancellationReasons) {
			return tce.CancellationReasons[i]
		}
		return types.CancellationReason{}
	}
	put, del := reason(0), reason(1)
	if aws.ToString(put.Code) != "ConditionalCheckFailed" {
		// The old item changed (ConditionalCheckFailed on the delete), or a
		// transaction conflict, throttling: read again and redo.
		return false, nil
	}
	// Something is at the new keys.
	there := put.Item
	if there == nil {
		out, err := m.Client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(m.Table), Key: newKey, ConsistentRead: aws.Bool(true)})
		if err != nil {
			if retryableError(ctx, err) {
				return false, nil
			}
			return false, &ItemError{Op: "GetItem", Table: m.Table, Key: newKey, Err: err}
		}
		there = out.Item
		if there == nil {
			return false, nil // gone since: redo
		}
	}
	if !itemsEqual(there, next) {
		if aws.ToString(del.Code) == "ConditionalCheckFailed" {
			return false, nil // the old item changed too: look again
		}
		st.Conflicts = append(st.Conflicts, MigrationConflict{Old: key, New: newKey})
		return true, nil
	}
	// An earlier move left the same item there: delete the old one if unchanged.
	_, err = m.Client.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName: aws.String(m.Table), Key: key, ConditionExpression: aws.String(unchanged),
		ExpressionAttributeNames: b.Names(), ExpressionAttributeValues: b.Values(),
	})
	switch {
	case err == nil:
		st.Duplicates++
		return true, nil
	case IsConditionalCheckFailed(err) || retryableError(ctx, err):
		return false, nil
	}
	return false, &ItemError{Op: "DeleteItem", Table: m.Table, Key: key, Err: err}
}

// unchanged is the condition that the stored item is item: its version, or
// every attribute it or Attrs name.
func (m *Migration) unchanged(b *Builder, item map[string]types.AttributeValue) string {
	if m.Version != "" {
		if v, ok := item[m.Version]; ok {
			return b.Equal(m.Version, v)
		}
		return andExprs(b.AttributeExists(m.PK), b.AttributeNotExists(m.Version))
	}
	names := slices.Sorted(maps.Keys(item))
	for _, a := range m.Attrs {
		if _, ok := item[a]; !ok {
			names = append(names, a)
		}
	}
	conds := make([]string, 0, len(names))
	for _, a := range names {
		if v, ok := item[a]; ok {
			conds = append(conds, b.Equal(a, v))
		} else {
			conds = append(conds, b.AttributeNotExists(a))
		}
	}
	return andExprs(conds...)
}

// isOld reports whether item is the entity's, with keys of the old templates.
func (m *Migration) isOld(item map[string]types.AttributeValue) bool {
	if s, ok := item[m.TypeAttr].(*types.AttributeValueMemberS); !ok || s.Value != m.Entity {
		return false
	}
	var buf [8]string
	for attr, t := range m.Old {
		s, ok := item[attr].(*types.AttributeValueMemberS)
		if !ok {
			return false
		}
		if _, err := t.Split(buf[:0], s.Value); err != nil {
			return false
		}
	}
	return true
}

func (m *Migration) keyOf(item map[string]types.AttributeValue) map[string]types.AttributeValue {
	k := map[string]types.AttributeValue{m.PK: item[m.PK]}
	if m.SK != "" {
		k[m.SK] = item[m.SK]
	}
	return k
}

// retry calls f until it succeeds, fails for good or runs out of attempts.
func (m *Migration) retry(ctx context.Context, f func() error) error {
	for attempt := 0; ; attempt++ {
		err := f()
		if err == nil || !retryableError(ctx, err) || attempt+1 >= cmpOr(m.MaxAttempts, 20) {
			return err
		}
		if err := sleepCtx(ctx, backoffOf(attempt+1)); err != nil {
			return err
		}
	}
}

// backoffOf is the wait before retry number attempt (1-based): exponential
// from 10 ms, capped at 1 s, with full jitter.
func backoffOf(attempt int) time.Duration {
	d := 10 * time.Millisecond << min(attempt-1, 7)
	return time.Duration(rand.Int64N(int64(min(d, time.Second))) + 1)
}

func cmpOr[T int | int32](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// itemsEqual compares two items attribute by attribute, sets as sets.
func itemsEqual(a, b map[string]types.AttributeValue) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !avEqual(v, w) {
			return false
		}
	}
	return true
}

func avEqual(a, b types.AttributeValue) bool {
	switch a := a.(type) {
	case *types.AttributeValueMemberS:
		b, ok := b.(*types.AttributeValueMemberS)
		return ok && a.Value == b.Value
	case *types.AttributeValueMemberN:
		b, ok := b.(*types.AttributeValueMemberN)
		return ok && a.Value == b.Value
	case *types.AttributeValueMemberB:
		b, ok := b.(*types.AttributeValueMemberB)
		return ok && bytes.Equal(a.Value, b.Value)
	case *types.AttributeValueMemberBOOL:
		b, ok := b.(*types.AttributeValueMemberBOOL)
		return ok && a.Value == b.Value
	case *types.AttributeValueMemberNULL:
		_, ok := b.(*types.AttributeValueMemberNULL)
		return ok
	case *types.AttributeValueMemberL:
		b, ok := b.(*types.AttributeValueMemberL)
		return ok && slices.EqualFunc(a.Value, b.Value, avEqual)
	case *types.AttributeValueMemberM:
		b, ok := b.(*types.AttributeValueMemberM)
		return ok && itemsEqual(a.Value, b.Value)
	case *types.AttributeValueMemberSS:
		b, ok := b.(*types.AttributeValueMemberSS)
		return ok && sameSet(a.Value, b.Value)
	case *types.AttributeValueMemberNS:
		b, ok := b.(*types.AttributeValueMemberNS)
		return ok && sameSet(a.Value, b.Value)
	case *types.AttributeValueMemberBS:
		b, ok := b.(*types.AttributeValueMemberBS)
		if !ok || len(a.Value) != len(b.Value) {
			return false
		}
		as, bs := make([]string, len(a.Value)), make([]string, len(b.Value))
		for i := range a.Value {
			as[i], bs[i] = string(a.Value[i]), string(b.Value[i])
		}
		return sameSet(as, bs)
	}
	return false
}

func sameSet(a, b []string) bool {
	return len(a) == len(b) && slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}
