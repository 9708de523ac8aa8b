package ddbjson

import (
	"slices"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ItemDecoder is what a model implements to be read straight from a body:
// the generated per-model JSON decoder (DecodeJSONItem reads the attributes
// of m into the model, the way UnmarshalItem reads a map). It must leave
// attributes it does not know unread (Map.Next moves past them), and return
// the first error; it may stop before the end of m.
type ItemDecoder interface {
	DecodeJSONItem(m *Map) error
}

// ItemPtr is a pointer to a model T that decodes itself.
type ItemPtr[T any] interface {
	*T
	ItemDecoder
}

// ItemSink receives the items of a body.
type ItemSink interface {
	// Reset forgets the items of an earlier attempt of the request (the
	// SDK's retries): a body is decoded once per 200 answer.
	Reset()
	// DecodeItem decodes one item.
	DecodeItem(m *Map) error
}

// Items collects the items of a body into a slice of T.
type Items[T any, P ItemPtr[T]] struct {
	Items []T
}

// Reset implements ItemSink.
func (s *Items[T, P]) Reset() { clear(s.Items); s.Items = s.Items[:0] }

// Grow makes room for n more items (the Count of a page read before its
// items).
func (s *Items[T, P]) Grow(n int) { s.Items = slices.Grow(s.Items, n) }

// DecodeItem implements ItemSink. An item that fails to decode is not
// kept (SkipForeign may go on without it).
func (s *Items[T, P]) DecodeItem(m *Map) error {
	var zero T
	s.Items = append(s.Items, zero)
	err := P(&s.Items[len(s.Items)-1]).DecodeJSONItem(m)
	if err != nil {
		s.Items[len(s.Items)-1] = zero
		s.Items = s.Items[:len(s.Items)-1]
	}
	return err
}

// One decodes at most one item into *V.
type One[T any, P ItemPtr[T]] struct {
	V     *T
	Found bool
}

// Reset implements ItemSink.
func (s *One[T, P]) Reset() {
	s.Found = false
	if s.V != nil {
		var zero T
		*s.V = zero
	}
}

// DecodeItem implements ItemSink.
func (s *One[T, P]) DecodeItem(m *Map) error {
	if s.V == nil {
		s.V = new(T)
	}
	s.Found = true
	return P(s.V).DecodeJSONItem(m)
}

// ResponseDecoder reads the JSON body of a 200 answer of one operation.
// DecodeResponse is called once per answer (so once per attempt, when the
// SDK retries): it must start afresh. body is the whole body, already
// checked against its CRC32; strings the decoder keeps may share its bytes
// (body is never reused).
type ResponseDecoder interface {
	DecodeResponse(body []byte) error
}

// readItem reads one item into sink and checks the rest of it.
func readItem(r *scanner, sink ItemSink) error {
	m := slot(&r.iters().maps, r.depth)
	*m = Map{r: r, first: true, guess: m.guess}
	if !r.open('{') {
		return r.err
	}
	if err := sink.DecodeItem(m); err != nil {
		if r.err != nil {
			return r.err
		}
		return err
	}
	return m.finish()
}

// readItems reads a JSON array of items into sink.
func readItems(r *scanner, sink ItemSink, count int32) error {
	if !r.open('[') {
		return r.err
	}
	if g, ok := sink.(interface{ Grow(int) }); ok && count > 0 {
		// Count comes from the body, so trust it only as far as the rest of
		// the body could hold that many items ("{}," each): a hostile Count
		// must not allocate more than the answer itself could fill.
		n := int(count)
		if most := (len(r.b) - r.i) / 3; n > most {
			n = most
		}
		g.Grow(n)
	}
	for first := true; r.more(first, ']'); first = false {
		if sink == nil {
			r.skip()
			continue
		}
		if err := readItem(r, sink); err != nil {
			return err
		}
	}
	return r.err
}

// readKey reads an item into the SDK's form (a LastEvaluatedKey, a key).
func readKey(r *scanner) (map[string]types.AttributeValue, error) {
	m := slot(&r.iters().maps, r.depth)
	*m = Map{r: r, first: true, guess: m.guess}
	if !r.open('{') {
		return nil, r.err
	}
	return m.AttributeValues()
}

func readInt32(r *scanner) int32 {
	b := r.number()
	if r.err != nil {
		return 0
	}
	n, err := strconv.ParseInt(string(b), 10, 32)
	if err != nil {
		r.fail("bad count")
	}
	return int32(n)
}

func readFloat(r *scanner) *float64 {
	b := r.number()
	if r.err != nil {
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		r.fail("bad capacity")
		return nil
	}
	return &f
}

func readString(r *scanner) *string {
	s, e, esc := r.str()
	if r.err != nil {
		return nil
	}
	t := r.text(s, e, esc)
	return &t
}

// object reads a JSON object, calling field for each key (which must read
// its value, or return false to have it skipped).
func (r *scanner) object(field func(key string) bool) bool {
	if !r.open('{') {
		return false
	}
	for first := true; r.more(first, '}'); first = false {
		s, e, esc := r.str()
		r.eat(':')
		if r.err != nil {
			return false
		}
		if !field(r.text(s, e, esc)) {
			r.skip()
		}
	}
	return r.err == nil
}

func readUnits(r *scanner) types.Capacity {
	var c types.Capacity
	r.object(func(k string) bool {
		switch k {
		case "CapacityUnits":
			c.CapacityUnits = readFloat(r)
		case "ReadCapacityUnits":
			c.ReadCapacityUnits = readFloat(r)
		case "WriteCapacityUnits":
			c.WriteCapacityUnits = readFloat(r)
		default:
			return false
		}
		return true
	})
	return c
}

func readIndexUnits(r *scanner) map[string]types.Capacity {
	out := map[string]types.Capacity{}
	r.object(func(k string) bool {
		out[k] = readUnits(r)
		return true
	})
	return out
}

// readCapacity reads a ConsumedCapacity object.
func readCapacity(r *scanner) *types.ConsumedCapacity {
	c := new(types.ConsumedCapacity)
	r.object(func(k string) bool {
		switch k {
		case "TableName":
			c.TableName = readString(r)
		case "CapacityUnits":
			c.CapacityUnits = readFloat(r)
		case "ReadCapacityUnits":
			c.ReadCapacityUnits = readFloat(r)
		case "WriteCapacityUnits":
			c.WriteCapacityUnits = readFloat(r)
		case "Table":
			t := readUnits(r)
			c.Table = &t
		case "GlobalSecondaryIndexes":
			c.GlobalSecondaryIndexes = readIndexUnits(r)
		case "LocalSecondaryIndexes":
			c.LocalSecondaryIndexes = readIndexUnits(r)
		default:
			return false
		}
		return true
	})
	return c
}

func readCapacities(r *scanner) []types.ConsumedCapacity {
	var out []types.ConsumedCapacity
	if !r.open('[') {
		return nil
	}
	for first := true; r.more(first, ']'); first = false {
		if c := readCapacity(r); r.err == nil {
			out = append(out, *c)
		}
	}
	return out
}

// body reads a whole response object with field, then checks that nothing
// follows it.
func body(b []byte, field func(r *scanner, key string) (bool, error)) error {
	r := newScanner(b)
	var ferr error
	r.object(func(k string) bool {
		if ferr != nil {
			return false
		}
		ok, err := field(&r, k)
		if err != nil {
			ferr = err
			r.i = len(r.b)
			return true
		}
		return ok
	})
	if ferr != nil {
		return ferr
	}
	if r.err != nil {
		return r.err
	}
	if r.peek() != 0 {
		r.fail("data after the response")
		return r.err
	}
	return nil
}

// Page is the answer of a Query or a Scan: its items go to Items.
type Page struct {
	Items            ItemSink
	Count            int32
	ScannedCount     int32
	LastEvaluatedKey map[string]types.AttributeValue
	ConsumedCapacity *types.ConsumedCapacity
}

// DecodeResponse implements ResponseDecoder.
func (p *Page) DecodeResponse(b []byte) error {
	if p.Items != nil {
		p.Items.Reset()
	}
	p.Count, p.ScannedCount, p.LastEvaluatedKey, p.ConsumedCapacity = 0, 0, nil, nil
	return body(b, func(r *scanner, k string) (bool, error) {
		var err error
		switch k {
		case "Items":
			err = readItems(r, p.Items, p.Count)
		case "Count":
			p.Count = readInt32(r)
		case "ScannedCount":
			p.ScannedCount = readInt32(r)
		case "LastEvaluatedKey":
			p.LastEvaluatedKey, err = readKey(r)
		case "ConsumedCapacity":
			p.ConsumedCapacity = readCapacity(r)
		default:
			return false, nil
		}
		return true, err
	})
}

// ItemResult is the answer of a GetItem (its Item) or of a PutItem,
// UpdateItem or DeleteItem (its Attributes, with ReturnValues): the item
// goes to Item; Found says whether there was one.
type ItemResult struct {
	Item             ItemSink
	Found            bool
	ConsumedCapacity *types.ConsumedCapacity
}

// DecodeResponse implements ResponseDecoder.
func (p *ItemResult) DecodeResponse(b []byte) error {
	if p.Item != nil {
		p.Item.Reset()
	}
	p.Found, p.ConsumedCapacity = false, nil
	return body(b, func(r *scanner, k string) (bool, error) {
		switch k {
		case "Item", "Attributes":
			if p.Item == nil {
				return false, nil
			}
			p.Found = true
			return true, readItem(r, p.Item)
		case "ConsumedCapacity":
			p.ConsumedCapacity = readCapacity(r)
			return true, nil
		}
		return false, nil
	})
}

// BatchGetResult is the answer of a BatchGetItem: the items of each table
// go to Tables[table] (those of a table without a sink are an error: they
// were not asked for).
type BatchGetResult struct {
	Tables           map[string]ItemSink
	UnprocessedKeys  map[string]types.KeysAndAttributes
	ConsumedCapacity []types.ConsumedCapacity
}

// DecodeResponse implements ResponseDecoder.
func (p *BatchGetResult) DecodeResponse(b []byte) error {
	for _, s := range p.Tables {
		s.Reset()
	}
	p.UnprocessedKeys, p.ConsumedCapacity = nil, nil
	return body(b, func(r *scanner, k string) (bool, error) {
		switch k {
		case "Responses":
			var err error
			r.object(func(table string) bool {
				sink, ok := p.Tables[table]
				if !ok {
					r.fail("items of a table not asked for")
					return true
				}
				if e := readItems(r, sink, 0); e != nil && err == nil {
					err = e
				}
				return true
			})
			return true, err
		case "UnprocessedKeys":
			p.UnprocessedKeys = map[string]types.KeysAndAttributes{}
			var err error
			r.object(func(table string) bool {
				var ka types.KeysAndAttributes
				r.object(func(f string) bool {
					if f != "Keys" {
						return false
					}
					r.open('[')
					for first := true; r.more(first, ']'); first = false {
						key, e := readKey(r)
						if e != nil && err == nil {
							err = e
						}
						ka.Keys = append(ka.Keys, key)
					}
					return true
				})
				p.UnprocessedKeys[table] = ka
				return true
			})
			return true, err
		case "ConsumedCapacity":
			p.ConsumedCapacity = readCapacities(r)
			return true, nil
		}
		return false, nil
	})
}

// TxGetResult is the answer of a TransactGetItems: the item of read i goes
// to Items[i]; Found[i] says whether there was one.
type TxGetResult struct {
	Items            []ItemSink
	Found            []bool
	ConsumedCapacity []types.ConsumedCapacity
}

// DecodeResponse implements ResponseDecoder.
func (p *TxGetResult) DecodeResponse(b []byte) error {
	for _, s := range p.Items {
		s.Reset()
	}
	p.Found, p.ConsumedCapacity = make([]bool, len(p.Items)), nil
	return body(b, func(r *scanner, k string) (bool, error) {
		switch k {
		case "Responses":
			if !r.open('[') {
				return true, nil
			}
			i := 0
			var err error
			for first := true; r.more(first, ']'); first = false {
				if i >= len(p.Items) {
					r.fail("more responses than reads")
					break
				}
				r.object(func(f string) bool {
					if f != "Item" || err != nil {
						return false
					}
					p.Found[i] = true
					err = readItem(r, p.Items[i])
					return true
				})
				i++
			}
			return true, err
		case "ConsumedCapacity":
			p.ConsumedCapacity = readCapacities(r)
			return true, nil
		}
		return false, nil
	})
}
