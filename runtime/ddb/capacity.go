package ddb

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Units is capacity consumed, in capacity units: Total, and of it, when
// DynamoDB says, the read and the write units.
type Units struct {
	Total, Read, Write float64
}

func (u *Units) add(total, read, write *float64) {
	u.Total += aws.ToFloat64(total)
	u.Read += aws.ToFloat64(read)
	u.Write += aws.ToFloat64(write)
}

func (u Units) String() string {
	if u.Read == 0 && u.Write == 0 {
		return fmt.Sprintf("%g", u.Total)
	}
	return fmt.Sprintf("%g (read %g, write %g)", u.Total, u.Read, u.Write)
}

// TableCapacity is the capacity consumed on one table.
type TableCapacity struct {
	// Units is all the table's requests consumed, its indexes included.
	Units
	// Table and Indexes split Units between the table itself and each of its
	// secondary indexes (global and local, by name): only with
	// ConsumedCapacityByIndex.
	Table   Units
	Indexes map[string]Units
}

// Capacity adds up the capacity DynamoDB reports as consumed by the calls
// given ConsumedCapacity(&c) or ConsumedCapacityByIndex(&c): every request
// of a call (each page of a query or scan, each chunk and retry of a batch,
// each segment of a parallel scan) adds to it. Its zero value is empty and
// ready; it is safe for concurrent use, so one Capacity can meter several
// goroutines. DynamoDB reports no capacity with an error answer (a failed
// condition, a cancelled transaction, throttling): what such requests
// consumed is not counted.
type Capacity struct {
	mu       sync.Mutex
	units    Units
	tables   map[string]*TableCapacity
	requests int
}

// Units returns the capacity consumed so far, on every table.
func (c *Capacity) Units() Units {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.units
}

// Total returns the capacity units consumed so far, on every table.
func (c *Capacity) Total() float64 { return c.Units().Total }

// Responses returns how many reports of consumed capacity were added (one
// per table per response).
func (c *Capacity) Responses() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.requests
}

// Table returns the capacity consumed on the table with the physical name
// name (zero when none was).
func (c *Capacity) Table(name string) TableCapacity {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.tables[name]
	if t == nil {
		return TableCapacity{}
	}
	out := *t
	out.Indexes = maps.Clone(t.Indexes)
	return out
}

// Tables returns the capacity consumed per table, by physical name.
func (c *Capacity) Tables() map[string]TableCapacity {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]TableCapacity, len(c.tables))
	for name, t := range c.tables {
		v := *t
		v.Indexes = maps.Clone(t.Indexes)
		out[name] = v
	}
	return out
}

// Reset empties c.
func (c *Capacity) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.units, c.tables, c.requests = Units{}, nil, 0
}

// Add adds what DynamoDB reported in the ConsumedCapacity of a response
// (for requests sent without a store, with ReturnConsumedCapacity set).
func (c *Capacity) Add(ccs ...types.ConsumedCapacity) {
	if c == nil || len(ccs) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := range ccs {
		c.addLocked(&ccs[i])
	}
}

func (c *Capacity) addOne(cc *types.ConsumedCapacity) {
	if c == nil || cc == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.addLocked(cc)
}

func (c *Capacity) addLocked(cc *types.ConsumedCapacity) {
	c.requests++
	c.units.add(cc.CapacityUnits, cc.ReadCapacityUnits, cc.WriteCapacityUnits)
	name := aws.ToString(cc.TableName)
	if c.tables == nil {
		c.tables = map[string]*TableCapacity{}
	}
	t := c.tables[name]
	if t == nil {
		t = &TableCapacity{}
		c.tables[name] = t
	}
	t.Units.add(cc.CapacityUnits, cc.ReadCapacityUnits, cc.WriteCapacityUnits)
	if cc.Table != nil {
		t.Table.add(cc.Table.CapacityUnits, cc.Table.ReadCapacityUnits, cc.Table.WriteCapacityUnits)
	}
	for _, ixs := range []map[string]types.Capacity{cc.GlobalSecondaryIndexes, cc.LocalSecondaryIndexes} {
		for ix, u := range ixs {
			if t.Indexes == nil {
				t.Indexes = map[string]Units{}
			}
			v := t.Indexes[ix]
			v.add(u.CapacityUnits, u.ReadCapacityUnits, u.WriteCapacityUnits)
			t.Indexes[ix] = v
		}
	}
}

// String lists the units consumed, in all and per table and index.
func (c *Capacity) String() string {
	tables := c.Tables()
	var b strings.Builder
	fmt.Fprintf(&b, "%v capacity units", c.Units())
	for _, name := range slices.Sorted(maps.Keys(tables)) {
		t := tables[name]
		fmt.Fprintf(&b, "; %s: %v", name, t.Units)
		for _, ix := range slices.Sorted(maps.Keys(t.Indexes)) {
			fmt.Fprintf(&b, ", index %s: %v", ix, t.Indexes[ix])
		}
	}
	return b.String()
}

// capacityOpt is ConsumedCapacity and ConsumedCapacityByIndex: an option of
// every call that sends requests.
type capacityOpt struct {
	c    *Capacity
	mode types.ReturnConsumedCapacity
}

// meter is what a call does with the consumed capacity: ask for it, and
// add it where it was asked. The zero value asks nothing.
type meter struct {
	c    *Capacity
	mode types.ReturnConsumedCapacity
}

func (m meter) ask() types.ReturnConsumedCapacity {
	if m.c == nil {
		return ""
	}
	return m.mode
}

func (m meter) add(cc *types.ConsumedCapacity) { m.c.addOne(cc) }

func (m meter) addAll(ccs []types.ConsumedCapacity) { m.c.Add(ccs...) }

// set makes m the option's meter; a later option replaces an earlier one.
func (o capacityOpt) set(m *meter) { *m = meter{c: o.c, mode: o.mode} }

func (o capacityOpt) apply(s *readSettings)       { o.set(&s.meter) }
func (o capacityOpt) applyWrite(s *writeSettings) { o.set(&s.meter) }
func (o capacityOpt) applyBatch(c *batchConfig)   { o.set(&c.meter) }
func (capacityOpt) readOption()                   {}
func (capacityOpt) queryOption()                  {}
func (capacityOpt) tableQueryOption()             {}
func (capacityOpt) writeOption()                  {}
func (capacityOpt) updateOption()                 {}
func (capacityOpt) txPart()                       {}

// CapacityOption is ConsumedCapacity: an option of every call that sends
// requests (Get, BatchGet, queries, scans and Count, Put, Create, Delete,
// Update, batch writes, WriteTx and the actions and reads of transactions).
type CapacityOption interface {
	ReadOption
	AnyQueryOption
	WriteOption
	UpdateOption
	BatchOption
	TxPart
}

// ConsumedCapacity asks DynamoDB for the capacity each request of the call
// consumes (ReturnConsumedCapacity TOTAL) and adds it into *c:
//
//	var cc ddb.Capacity
//	o, err := orders.Get(ctx, "c1", "2026-01-02", ddb.ConsumedCapacity(&cc))
//	for o, err := range orders.Query("c1", ddb.ConsumedCapacity(&cc)).All(ctx) { ... }
//	slog.Info("read", "units", cc.Total())
//
// In a transaction, the option given to WriteTx, or to any of its actions
// (or to any TxGet of ReadTx), gets the whole transaction's consumption.
// A nil c asks for nothing.
func ConsumedCapacity(c *Capacity) CapacityOption {
	return capacityOpt{c: c, mode: types.ReturnConsumedCapacityTotal}
}

// ConsumedCapacityByIndex is ConsumedCapacity with the split between each
// table and its secondary indexes (ReturnConsumedCapacity INDEXES): see
// Capacity.Table.
func ConsumedCapacityByIndex(c *Capacity) CapacityOption {
	return capacityOpt{c: c, mode: types.ReturnConsumedCapacityIndexes}
}
