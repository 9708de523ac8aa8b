package ddb

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Typed attribute handles. The generated <Model>Attrs value holds one handle
// per attribute of a model (OrderAttrs.Total is a Number[float64]). A handle
// knows the attribute's path and how its Go values are stored, so the
// conditions, filters, update actions and projections built from it hold
// exactly what the item codec writes. Its type says what DynamoDB allows on
// the attribute: ranges only where the stored order is the Go order, prefixes
// only on strings and binary, arithmetic only on numbers, element operations
// only on sets and lists. A wrong expression does not compile.
//
// Handles are generic in the Go value type only, so every table of a package
// shares their instantiations (a package of many tables compiles quickly);
// a condition on one table's attribute used on another is refused when the
// request is built (ErrInvalidInput), before anything is sent.

// Num is the Go types stored as DynamoDB numbers (uintptr is not: attributevalue
// skips it).
type Num interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 |
		~float32 | ~float64
}

// attr is what every handle has: the attribute's place in the item.
type attr struct{ p AttrPath }

// Path returns the attribute's path.
func (h attr) Path() AttrPath { return h.p }

// Name returns the path as text (the attribute name for a top-level attribute).
func (h attr) Name() string { return h.p.String() }

// Exists holds when the item has the attribute (attribute_exists).
//
//go:noinline
func (h *attr) Exists() Cond { return Cond{&condNode{op: opExists, path: h.p}} }

// NotExists holds when the item lacks the attribute (attribute_not_exists).
//
//go:noinline
func (h *attr) NotExists() Cond { return Cond{&condNode{op: opNotExists, path: h.p}} }

// IsType holds when the attribute has DynamoDB type t (attribute_type).
//
//go:noinline
func (h *attr) IsType(t AttrType) Cond {
	return Cond{&condNode{op: opType, path: h.p, vals: []types.AttributeValue{&types.AttributeValueMemberS{Value: string(t)}}}}
}

// Remove removes the attribute from the item (REMOVE); on a list element
// the later elements move up.
//
//go:noinline
func (h *attr) Remove() Action { return Action{&action{kind: actRemove, path: h.p}} }

// The methods of attr above are not inlined: each handle type used in a
// models package gets a method of its own for each of them, through
// embedding, which then stays a call.

// Value is the handle of an attribute whose values can only be compared for
// equality (booleans, times stored as text, numbers stored as text, custom
// encodings).
type Value[V any] struct {
	attr
	enc Encoder[V]
}

// NewValue returns the handle of the attribute at p whose Go values of type V
// are stored as enc encodes them. Generated code calls it.
//
//go:noinline
func NewValue[V any](p AttrPath, enc Encoder[V]) Value[V] { return Value[V]{attr{p}, enc} }

// Encode returns v as the attribute stores it (nil when the codec omits it).
func (h *Value[V]) Encode(v V) (types.AttributeValue, error) { return h.enc(v) }

// Key returns v as a key value of the attribute, for generated query methods.
func (h *Value[V]) Key(v V) KeyValue { return keyValue(h.enc(v)) }

// Eq holds when the attribute equals v.
func (h *Value[V]) Eq(v V) Cond { return leaf(opEq, h.p, h.enc, v) }

// Ne holds when the attribute does not equal v (also when it is missing).
func (h *Value[V]) Ne(v V) Cond { return leaf(opNe, h.p, h.enc, v) }

// In holds when the attribute equals one of vs (at most 100).
func (h *Value[V]) In(vs ...V) Cond { return leaf(opIn, h.p, h.enc, vs...) }

// Set stores v in the attribute (SET). A value the codec omits (omitempty)
// removes the attribute instead, so an update stores what Put would.
func (h *Value[V]) Set(v V) Action { return newAction(actSet, h.p, h.enc, v) }

// SetIfNotExists stores v only if the item lacks the attribute
// (SET a = if_not_exists(a, v)).
func (h *Value[V]) SetIfNotExists(v V) Action { return newAction(actSetIfNotExists, h.p, h.enc, v) }

// Ordered is the handle of an attribute whose stored order is the Go order of
// its values (times stored as unix seconds), so ranges mean what they say.
type Ordered[V any] struct {
	attr
	enc Encoder[V]
}

// NewOrdered returns an Ordered handle; see NewValue.
//
//go:noinline
func NewOrdered[V any](p AttrPath, enc Encoder[V]) Ordered[V] { return Ordered[V]{attr{p}, enc} }

// Encode returns v as the attribute stores it.
func (h *Ordered[V]) Encode(v V) (types.AttributeValue, error) { return h.enc(v) }

// Key returns v as a key value of the attribute, for generated query methods.
func (h *Ordered[V]) Key(v V) KeyValue { return keyValue(h.enc(v)) }

// Eq holds when the attribute equals v.
func (h *Ordered[V]) Eq(v V) Cond { return leaf(opEq, h.p, h.enc, v) }

// Ne holds when the attribute does not equal v (also when it is missing).
func (h *Ordered[V]) Ne(v V) Cond { return leaf(opNe, h.p, h.enc, v) }

// In holds when the attribute equals one of vs (at most 100).
func (h *Ordered[V]) In(vs ...V) Cond { return leaf(opIn, h.p, h.enc, vs...) }

// Lt holds when the attribute is less than v.
func (h *Ordered[V]) Lt(v V) Cond { return leaf(opLt, h.p, h.enc, v) }

// Le holds when the attribute is less than or equal to v.
func (h *Ordered[V]) Le(v V) Cond { return leaf(opLe, h.p, h.enc, v) }

// Gt holds when the attribute is greater than v.
func (h *Ordered[V]) Gt(v V) Cond { return leaf(opGt, h.p, h.enc, v) }

// Ge holds when the attribute is greater than or equal to v.
func (h *Ordered[V]) Ge(v V) Cond { return leaf(opGe, h.p, h.enc, v) }

// Between holds when lo <= attribute <= hi.
func (h *Ordered[V]) Between(lo, hi V) Cond { return leaf(opBetween, h.p, h.enc, lo, hi) }

// Set stores v in the attribute (SET), or removes it when the codec omits v.
func (h *Ordered[V]) Set(v V) Action { return newAction(actSet, h.p, h.enc, v) }

// SetIfNotExists stores v only if the item lacks the attribute.
func (h *Ordered[V]) SetIfNotExists(v V) Action {
	return newAction(actSetIfNotExists, h.p, h.enc, v)
}

// String is the handle of a string attribute.
type String[V ~string] struct {
	attr
	enc Encoder[V]
}

// NewString returns a String handle; see NewValue.
//
//go:noinline
func NewString[V ~string](p AttrPath, enc Encoder[V]) String[V] { return String[V]{attr{p}, enc} }

// StringAt is NewString with the plain string encoding, for elements of lists and maps.
func StringAt[V ~string](p AttrPath) String[V] { return NewString(p, EncS[V]) }

// Encode returns v as the attribute stores it (nil when the codec omits it).
func (h *String[V]) Encode(v V) (types.AttributeValue, error) { return h.enc(v) }

// Key returns v as a key value of the attribute, for generated query methods.
func (h *String[V]) Key(v V) KeyValue { return keyValue(h.enc(v)) }

// Eq holds when the attribute equals v.
func (h *String[V]) Eq(v V) Cond { return leaf(opEq, h.p, h.enc, v) }

// Ne holds when the attribute does not equal v (also when it is missing).
func (h *String[V]) Ne(v V) Cond { return leaf(opNe, h.p, h.enc, v) }

// In holds when the attribute equals one of vs (at most 100).
func (h *String[V]) In(vs ...V) Cond { return leaf(opIn, h.p, h.enc, vs...) }

// Lt holds when the attribute is less than v (byte order of UTF-8).
func (h *String[V]) Lt(v V) Cond { return leaf(opLt, h.p, EncS[V], v) }

// Le holds when the attribute is less than or equal to v.
func (h *String[V]) Le(v V) Cond { return leaf(opLe, h.p, EncS[V], v) }

// Gt holds when the attribute is greater than v.
func (h *String[V]) Gt(v V) Cond { return leaf(opGt, h.p, EncS[V], v) }

// Ge holds when the attribute is greater than or equal to v.
func (h *String[V]) Ge(v V) Cond { return leaf(opGe, h.p, EncS[V], v) }

// Between holds when lo <= attribute <= hi.
func (h *String[V]) Between(lo, hi V) Cond { return leaf(opBetween, h.p, EncS[V], lo, hi) }

// BeginsWith holds when the attribute starts with prefix (begins_with). An
// empty prefix holds for every string; as a query's sort key condition it
// is refused (DynamoDB refuses empty key values there).
func (h *String[V]) BeginsWith(prefix V) Cond {
	return textCond(opBeginsWith, h.p, &types.AttributeValueMemberS{Value: string(prefix)})
}

// Contains holds when the attribute contains the substring sub (contains).
func (h *String[V]) Contains(sub V) Cond {
	return textCond(opContains, h.p, &types.AttributeValueMemberS{Value: string(sub)})
}

// Size is the length of the string in bytes, for comparisons.
func (h *String[V]) Size() Size { return Size{h.p} }

// Set stores v in the attribute (SET), or removes it when the codec omits v.
func (h *String[V]) Set(v V) Action { return newAction(actSet, h.p, h.enc, v) }

// SetIfNotExists stores v only if the item lacks the attribute.
func (h *String[V]) SetIfNotExists(v V) Action {
	return newAction(actSetIfNotExists, h.p, h.enc, v)
}

// Binary is the handle of a binary attribute.
type Binary[V ~[]byte] struct {
	attr
	enc Encoder[V]
}

// NewBinary returns a Binary handle; see NewValue.
//
//go:noinline
func NewBinary[V ~[]byte](p AttrPath, enc Encoder[V]) Binary[V] { return Binary[V]{attr{p}, enc} }

// BinaryAt is NewBinary with the plain binary encoding, for elements of lists and maps.
func BinaryAt[V ~[]byte](p AttrPath) Binary[V] { return NewBinary(p, EncB[V]) }

// Encode returns v as the attribute stores it (nil when the codec omits it).
func (h *Binary[V]) Encode(v V) (types.AttributeValue, error) { return h.enc(v) }

// Key returns v as a key value of the attribute, for generated query methods.
func (h *Binary[V]) Key(v V) KeyValue { return keyValue(h.enc(v)) }

// Eq holds when the attribute equals v.
func (h *Binary[V]) Eq(v V) Cond { return leaf(opEq, h.p, EncB[V], v) }

// Ne holds when the attribute does not equal v (also when it is missing).
func (h *Binary[V]) Ne(v V) Cond { return leaf(opNe, h.p, EncB[V], v) }

// In holds when the attribute equals one of vs (at most 100).
func (h *Binary[V]) In(vs ...V) Cond { return leaf(opIn, h.p, EncB[V], vs...) }

// Lt holds when the attribute is less than v (unsigned byte order).
func (h *Binary[V]) Lt(v V) Cond { return leaf(opLt, h.p, EncB[V], v) }

// Le holds when the attribute is less than or equal to v.
func (h *Binary[V]) Le(v V) Cond { return leaf(opLe, h.p, EncB[V], v) }

// Gt holds when the attribute is greater than v.
func (h *Binary[V]) Gt(v V) Cond { return leaf(opGt, h.p, EncB[V], v) }

// Ge holds when the attribute is greater than or equal to v.
func (h *Binary[V]) Ge(v V) Cond { return leaf(opGe, h.p, EncB[V], v) }

// Between holds when lo <= attribute <= hi.
func (h *Binary[V]) Between(lo, hi V) Cond { return leaf(opBetween, h.p, EncB[V], lo, hi) }

// BeginsWith holds when the attribute starts with the bytes prefix. An
// empty (or nil) prefix holds for every binary value; as a query's sort key
// condition it is refused.
func (h *Binary[V]) BeginsWith(prefix V) Cond {
	return textCond(opBeginsWith, h.p, &types.AttributeValueMemberB{Value: nonNilBytes(prefix)})
}

// Contains holds when the attribute contains the bytes sub.
func (h *Binary[V]) Contains(sub V) Cond {
	return textCond(opContains, h.p, &types.AttributeValueMemberB{Value: nonNilBytes(sub)})
}

// nonNilBytes returns b as []byte, empty rather than nil: the SDK sends a B
// holding nil as a value of no type, which DynamoDB refuses.
func nonNilBytes[V ~[]byte](b V) []byte {
	if b == nil {
		return []byte{}
	}
	return []byte(b)
}

// Size is the length in bytes, for comparisons.
func (h *Binary[V]) Size() Size { return Size{h.p} }

// Set stores v in the attribute (SET), or removes it when the codec omits v.
func (h *Binary[V]) Set(v V) Action { return newAction(actSet, h.p, h.enc, v) }

// SetIfNotExists stores v only if the item lacks the attribute.
func (h *Binary[V]) SetIfNotExists(v V) Action {
	return newAction(actSetIfNotExists, h.p, h.enc, v)
}

// Number is the handle of a number attribute.
type Number[V Num] struct {
	attr
	enc Encoder[V]
}

// NewNumber returns a Number handle; see NewValue.
//
//go:noinline
func NewNumber[V Num](p AttrPath, enc Encoder[V]) Number[V] { return Number[V]{attr{p}, enc} }

// NumberAt is NewNumber with the plain number encoding, for elements of lists and maps.
func NumberAt[V Num](p AttrPath) Number[V] { return NewNumber(p, EncN[V]) }

// Encode returns v as the attribute stores it (nil when the codec omits it).
func (h *Number[V]) Encode(v V) (types.AttributeValue, error) { return h.enc(v) }

// Key returns v as a key value of the attribute, for generated query methods.
func (h *Number[V]) Key(v V) KeyValue { return keyValue(h.enc(v)) }

// Eq holds when the attribute equals v.
func (h *Number[V]) Eq(v V) Cond { return leaf(opEq, h.p, h.enc, v) }

// Ne holds when the attribute does not equal v (also when it is missing).
func (h *Number[V]) Ne(v V) Cond { return leaf(opNe, h.p, h.enc, v) }

// In holds when the attribute equals one of vs (at most 100).
func (h *Number[V]) In(vs ...V) Cond { return leaf(opIn, h.p, h.enc, vs...) }

// Lt holds when the attribute is less than v.
func (h *Number[V]) Lt(v V) Cond { return leaf(opLt, h.p, EncN[V], v) }

// Le holds when the attribute is less than or equal to v.
func (h *Number[V]) Le(v V) Cond { return leaf(opLe, h.p, EncN[V], v) }

// Gt holds when the attribute is greater than v.
func (h *Number[V]) Gt(v V) Cond { return leaf(opGt, h.p, EncN[V], v) }

// Ge holds when the attribute is greater than or equal to v.
func (h *Number[V]) Ge(v V) Cond { return leaf(opGe, h.p, EncN[V], v) }

// Between holds when lo <= attribute <= hi.
func (h *Number[V]) Between(lo, hi V) Cond { return leaf(opBetween, h.p, EncN[V], lo, hi) }

// Set stores v in the attribute (SET), or removes it when the codec omits v
// (a zero with omitempty).
func (h *Number[V]) Set(v V) Action { return newAction(actSet, h.p, h.enc, v) }

// SetIfNotExists stores v only if the item lacks the attribute.
func (h *Number[V]) SetIfNotExists(v V) Action {
	return newAction(actSetIfNotExists, h.p, h.enc, v)
}

// Add adds v to the number atomically (ADD); a missing attribute counts as 0.
func (h *Number[V]) Add(v V) Action { return newAction(actAdd, h.p, EncN[V], v) }

// Increment adds v to the number (SET a = a + v); unlike Add it fails when
// the attribute is missing, and it works inside nested maps and lists.
func (h *Number[V]) Increment(v V) Action { return newAction(actIncrement, h.p, EncN[V], v) }

// Decrement subtracts v from the number (SET a = a - v); it fails when the
// attribute is missing.
func (h *Number[V]) Decrement(v V) Action { return newAction(actDecrement, h.p, EncN[V], v) }

// Set is the handle of a string, number or binary set attribute, held in Go
// as a slice of its elements E.
type Set[E any] struct {
	attr
	enc  Encoder[[]E]
	elem Encoder[E]
}

// NewSet returns a Set handle: enc encodes the whole set (an SS, NS or BS),
// elem one element (an S, N or B).
//
//go:noinline
func NewSet[E any](p AttrPath, enc Encoder[[]E], elem Encoder[E]) Set[E] {
	return Set[E]{attr{p}, enc, elem}
}

// Encode returns the set as the attribute stores it.
func (h *Set[E]) Encode(v []E) (types.AttributeValue, error) { return h.enc(v) }

// Eq holds when the set equals v (order does not matter).
func (h *Set[E]) Eq(v []E) Cond { return leaf(opEq, h.p, h.enc, v) }

// Ne holds when the set does not equal v.
func (h *Set[E]) Ne(v []E) Cond { return leaf(opNe, h.p, h.enc, v) }

// Set stores the set (SET); an empty set removes the attribute when the
// codec omits it, or stores NULL as the codec does.
func (h *Set[E]) Set(v []E) Action { return newAction(actSet, h.p, h.enc, v) }

// SetIfNotExists stores the set only if the item lacks the attribute.
func (h *Set[E]) SetIfNotExists(v []E) Action { return newAction(actSetIfNotExists, h.p, h.enc, v) }

// Add adds the elements to the set (ADD); adding nothing is no action.
func (h *Set[E]) Add(elems ...E) Action { return newAction(actAdd, h.p, h.enc, elems) }

// Delete removes the elements from the set (DELETE); deleting nothing is no action.
func (h *Set[E]) Delete(elems ...E) Action { return newAction(actDelete, h.p, h.enc, elems) }

// Contains holds when the set has the element e.
func (h *Set[E]) Contains(e E) Cond { return leaf(opContains, h.p, h.elem, e) }

// Size is the number of elements, for comparisons.
func (h *Set[E]) Size() Size { return Size{h.p} }

// List is the handle of a list attribute whose elements are E, with element
// handles of type H (At).
type List[E, H any] struct {
	attr
	enc  Encoder[[]E]
	elem Encoder[E]
	at   func(AttrPath) H
}

// NewList returns a List handle: enc encodes the whole list, elem one element,
// at makes the handle of an element from its path.
//
//go:noinline
func NewList[E, H any](p AttrPath, enc Encoder[[]E], elem Encoder[E], at func(AttrPath) H) List[E, H] {
	return List[E, H]{attr{p}, enc, elem, at}
}

// Encode returns the list as the attribute stores it.
func (h *List[E, H]) Encode(v []E) (types.AttributeValue, error) { return h.enc(v) }

// Eq holds when the list equals v.
func (h *List[E, H]) Eq(v []E) Cond { return leaf(opEq, h.p, h.enc, v) }

// Ne holds when the list does not equal v.
func (h *List[E, H]) Ne(v []E) Cond { return leaf(opNe, h.p, h.enc, v) }

// Set stores the list (SET), or removes it when the codec omits v.
func (h *List[E, H]) Set(v []E) Action { return newAction(actSet, h.p, h.enc, v) }

// SetIfNotExists stores the list only if the item lacks the attribute.
func (h *List[E, H]) SetIfNotExists(v []E) Action {
	return newAction(actSetIfNotExists, h.p, h.enc, v)
}

// At is the handle of element i (list[i]), for conditions and updates.
func (h *List[E, H]) At(i int) *H {
	e := h.at(h.p.Index(i))
	return &e
}

// Append adds the elements at the end (SET a = list_append(a, elems)); the
// attribute must exist (see AppendOrCreate).
func (h *List[E, H]) Append(elems ...E) Action {
	return newAction(actAppend, h.p, EncList(h.elem), elems)
}

// AppendOrCreate adds the elements at the end, creating the list when the
// item lacks it (SET a = list_append(if_not_exists(a, []), elems)).
func (h *List[E, H]) AppendOrCreate(elems ...E) Action {
	return newAction(actAppendOrCreate, h.p, EncList(h.elem), elems)
}

// Prepend adds the elements at the start (SET a = list_append(elems, a)).
func (h *List[E, H]) Prepend(elems ...E) Action {
	return newAction(actPrepend, h.p, EncList(h.elem), elems)
}

// Contains holds when the list has an element equal to e.
func (h *List[E, H]) Contains(e E) Cond { return leaf(opContains, h.p, h.elem, e) }

// Size is the number of elements, for comparisons.
func (h *List[E, H]) Size() Size { return Size{h.p} }

// Map is the handle of a map attribute with string keys whose values are E,
// with value handles of type H (Key).
type Map[E, H any] struct {
	attr
	enc Encoder[map[string]E]
	at  func(AttrPath) H
}

// NewMap returns a Map handle: enc encodes the whole map, at makes the handle
// of a value from its path.
//
//go:noinline
func NewMap[E, H any](p AttrPath, enc Encoder[map[string]E], at func(AttrPath) H) Map[E, H] {
	return Map[E, H]{attr{p}, enc, at}
}

// Encode returns the map as the attribute stores it.
func (h *Map[E, H]) Encode(v map[string]E) (types.AttributeValue, error) { return h.enc(v) }

// Eq holds when the map equals v.
func (h *Map[E, H]) Eq(v map[string]E) Cond { return leaf(opEq, h.p, h.enc, v) }

// Ne holds when the map does not equal v.
func (h *Map[E, H]) Ne(v map[string]E) Cond { return leaf(opNe, h.p, h.enc, v) }

// Set stores the map (SET), or removes it when the codec omits v.
func (h *Map[E, H]) Set(v map[string]E) Action { return newAction(actSet, h.p, h.enc, v) }

// SetIfNotExists stores the map only if the item lacks the attribute.
func (h *Map[E, H]) SetIfNotExists(v map[string]E) Action {
	return newAction(actSetIfNotExists, h.p, h.enc, v)
}

// Key is the handle of the value under key k (map.k), for conditions and updates.
func (h *Map[E, H]) Key(k string) *H {
	e := h.at(h.p.Member(k))
	return &e
}

// Size is the number of entries, for comparisons.
func (h *Map[E, H]) Size() Size { return Size{h.p} }

// Size is the size of an attribute: bytes of a string or binary, elements of
// a set or list, entries of a map.
type Size struct{ p AttrPath }

func (s Size) cmp(op condOp, ns ...int) Cond {
	c := leaf(op, s.p, EncN[int], ns...)
	c.n.size = true
	return c
}

// Eq holds when the size is n.
func (s Size) Eq(n int) Cond { return s.cmp(opEq, n) }

// Ne holds when the size is not n.
func (s Size) Ne(n int) Cond { return s.cmp(opNe, n) }

// Lt holds when the size is less than n.
func (s Size) Lt(n int) Cond { return s.cmp(opLt, n) }

// Le holds when the size is at most n.
func (s Size) Le(n int) Cond { return s.cmp(opLe, n) }

// Gt holds when the size is greater than n.
func (s Size) Gt(n int) Cond { return s.cmp(opGt, n) }

// Ge holds when the size is at least n.
func (s Size) Ge(n int) Cond { return s.cmp(opGe, n) }

// Between holds when lo <= size <= hi.
func (s Size) Between(lo, hi int) Cond { return s.cmp(opBetween, lo, hi) }

// KeyValue is a key attribute's value, encoded by its handle's Key method,
// or the error of encoding it.
type KeyValue struct {
	av   types.AttributeValue
	err  error
	scan bool // ScanAll
}

func keyValue(av types.AttributeValue, err error) KeyValue { return KeyValue{av: av, err: err} }
