package ddb

import (
	"errors"
	"fmt"
)

// Options of reads, queries, scans and writes. Each option is a small value
// whose type says where it may go, so a misplaced option does not compile:
// ConsistentRead is a ReadOption and a TableQueryOption but not a
// QueryOption, and the query and scan methods of a global secondary index
// take QueryOptions only (DynamoDB refuses consistent reads there).
//
//	ReadOption        Get, BatchGet:                          ConsistentRead, Select
//	TableQueryOption  queries and scans of the table or an LSI: every QueryOption, ConsistentRead
//	QueryOption       queries and scans of a GSI:              a sort key condition, Filter, Limit,
//	                                                           Descending, Select, Segment, Parallel
//	WriteOption       Put, Create, Delete:                     If, ReturnOld
//	UpdateOption      Update:                                  actions, If, Upsert, Return

// readSettings is what the read options set.
type readSettings struct {
	consistent bool
	projection []AttrPath
	limit      int32
	descending bool
	filter     Cond
	keyCond    Cond // the sort key condition
	keyConds   int  // how many were given

	segment  int32
	segments int32 // 0: no segment
	parallel int32 // segments of a parallel scan; 0: none
	meter    meter // ConsumedCapacity
	err      error

	keyParts []KeyCond // conditions on an entity's sort-key template fields
	strict   bool      // StrictEntities
}

// checkSelect returns the error of an option, if any, and refuses a Select
// of another table's attributes (their handles carry their table), which
// would read items holding only their key.
func (s *readSettings) checkSelect(table string) error {
	if s.err != nil {
		return s.err
	}
	for _, p := range s.projection {
		if p.table != "" && table != "" && p.table != table {
			return fmt.Errorf("Select of %s, an attribute of table %q, on table %q: use the handles of %q's model", p, p.table, table, table)
		}
		if !p.valid() {
			return fmt.Errorf("Select of an invalid attribute path %q", p)
		}
	}
	return nil
}

// option is what every read option does.
type option interface{ apply(*readSettings) }

// ReadOption is an option of Get and BatchGet.
type ReadOption interface {
	option
	readOption()
}

// QueryOption is an option of any query or scan, also of a global index.
type QueryOption interface {
	option
	queryOption()
}

// TableQueryOption is an option of a query or scan of a table or a local
// secondary index: every QueryOption, and ConsistentRead.
type TableQueryOption interface {
	option
	tableQueryOption()
}

// settings folds options into readSettings.
func settings[O option](opts []O) readSettings {
	var s readSettings
	applyOptions(opts, &s)
	return s
}

// applyOptions applies opts to s.
//
//go:noinline
func applyOptions[O option](opts []O, s *readSettings) {
	for _, o := range opts {
		o.apply(s)
	}
}

type consistentRead struct{}

func (consistentRead) apply(s *readSettings) { s.consistent = true }
func (consistentRead) readOption()           {}
func (consistentRead) tableQueryOption()     {}

// ConsistentRead asks for a strongly consistent read: in Get and BatchGet,
// and in queries and scans of the table and its local indexes (DynamoDB
// refuses it on global indexes, whose methods do not take it).
func ConsistentRead() interface {
	ReadOption
	TableQueryOption
} {
	return consistentRead{}
}

// queryOpt is an option valid in every query and scan.
type queryOpt func(*readSettings)

func (o queryOpt) apply(s *readSettings) { o(s) }
func (queryOpt) queryOption()            {}
func (queryOpt) tableQueryOption()       {}

// AnyQueryOption is an option valid in every query and scan.
type AnyQueryOption interface {
	QueryOption
	TableQueryOption
}

// Limit caps the items: per request for Page, in total for All. DynamoDB
// applies Limit before a filter (it counts items read, not items kept), so
// a page of a filtered query may hold fewer items (even none) and still have
// a next page; All keeps paging until it has yielded n items or the query is
// exhausted. n must be at least 1.
func Limit(n int32) AnyQueryOption { return limitOpt(n) }

type limitOpt int32

func (n limitOpt) apply(s *readSettings) {
	if n < 1 && s.err == nil {
		s.err = fmt.Errorf("limit %d: it must be at least 1", n)
	}
	s.limit = int32(n)
}
func (limitOpt) queryOption()      {}
func (limitOpt) tableQueryOption() {}

// Descending returns a query's items in descending sort-key order.
func Descending() AnyQueryOption { return descendingOpt{} }

type descendingOpt struct{}

func (descendingOpt) apply(s *readSettings) { s.descending = true }
func (descendingOpt) queryOption()          {}
func (descendingOpt) tableQueryOption()     {}

// Filter keeps only the items for which c holds (a FilterExpression, applied
// after the items are read: they still count towards Limit and capacity).
// Several filters must all hold.
func Filter(c Cond) AnyQueryOption {
	return queryOpt(func(s *readSettings) { s.filter = And(s.filter, c) })
}

// Segment makes a scan read only segment i of n (0 <= i < n) of a parallel
// scan run by several workers.
func Segment(i, n int32) AnyQueryOption {
	return queryOpt(func(s *readSettings) {
		if (n < 1 || i < 0 || i >= n) && s.err == nil {
			s.err = fmt.Errorf("segment %d of %d: want 0 <= segment < total", i, n)
		}
		s.segment, s.segments = i, n
	})
}

// Parallel makes a scan read n segments concurrently (1 <= n <= 1,000,000);
// All then yields every item, in no particular order, on the caller's
// goroutine, and breaking out of the loop, or an error, stops every segment.
func Parallel(n int) AnyQueryOption {
	return queryOpt(func(s *readSettings) {
		if (n < 1 || n > 1000000) && s.err == nil {
			s.err = fmt.Errorf("parallel scan of %d segments: want 1..1000000", n)
		}
		s.parallel = int32(n)
	})
}

// selectOpt is Select: valid everywhere.
type selectOpt []AttrPath

func (o selectOpt) apply(s *readSettings) {
	if len(o) == 0 && s.err == nil {
		// Select() would read every attribute, which is not what it says.
		s.err = errors.New("Select() names no attribute: name the attributes to read, or leave Select out to read them all")
	}
	s.projection = append(s.projection, o...)
}
func (selectOpt) readOption()       {}
func (selectOpt) queryOption()      {}
func (selectOpt) tableQueryOption() {}

// Attribute is anything with an attribute path: every generated handle.
type Attribute interface{ Path() AttrPath }

// Select reads only the given attributes (a projection expression); the
// result is the model (or projection) type with the other fields at their
// zero values. The table's key attributes are always read.
// Select(OrderAttrs.Status, OrderAttrs.Total).
func Select(attrs ...Attribute) interface {
	ReadOption
	AnyQueryOption
} {
	o := make(selectOpt, len(attrs))
	for i, a := range attrs {
		o[i] = a.Path()
	}
	return o
}

// A Cond given to a query is its sort key condition.
func (c Cond) apply(s *readSettings) {
	if c.n != nil {
		s.keyCond = c
		s.keyConds++
	}
}
func (Cond) queryOption()      {}
func (Cond) tableQueryOption() {}
