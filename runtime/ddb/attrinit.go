package ddb

// InitValue sets *h to NewValue(TableAttr(table, name), enc): the handle of
// the top-level attribute name of the table with logical name table.
// Generated code sets a table's handles with the Init functions, in place:
// one call per handle is a third of the code of building each handle and
// copying it, and every build of a models package compiles that code.
//
//go:noinline
func InitValue[V any](h *Value[V], table, name string, enc Encoder[V]) {
	*h = NewValue(TableAttr(table, name), enc)
}

// InitOrdered sets *h to NewOrdered(TableAttr(table, name), enc) (see InitValue).
//
//go:noinline
func InitOrdered[V any](h *Ordered[V], table, name string, enc Encoder[V]) {
	*h = NewOrdered(TableAttr(table, name), enc)
}

// InitString sets *h to NewString(TableAttr(table, name), enc) (see InitValue).
//
//go:noinline
func InitString[V ~string](h *String[V], table, name string, enc Encoder[V]) {
	*h = NewString(TableAttr(table, name), enc)
}

// InitBinary sets *h to NewBinary(TableAttr(table, name), enc) (see InitValue).
//
//go:noinline
func InitBinary[V ~[]byte](h *Binary[V], table, name string, enc Encoder[V]) {
	*h = NewBinary(TableAttr(table, name), enc)
}

// InitNumber sets *h to NewNumber(TableAttr(table, name), enc) (see InitValue).
//
//go:noinline
func InitNumber[V Num](h *Number[V], table, name string, enc Encoder[V]) {
	*h = NewNumber(TableAttr(table, name), enc)
}

// InitSet sets *h to NewSet(TableAttr(table, name), enc, elem) (see InitValue).
//
//go:noinline
func InitSet[E any](h *Set[E], table, name string, enc Encoder[[]E], elem Encoder[E]) {
	*h = NewSet(TableAttr(table, name), enc, elem)
}

// InitList sets *h to NewList(TableAttr(table, name), enc, elem, at) (see InitValue).
//
//go:noinline
func InitList[E, H any](h *List[E, H], table, name string, enc Encoder[[]E], elem Encoder[E], at func(AttrPath) H) {
	*h = NewList(TableAttr(table, name), enc, elem, at)
}

// InitMap sets *h to NewMap(TableAttr(table, name), enc, at) (see InitValue).
//
//go:noinline
func InitMap[E, H any](h *Map[E, H], table, name string, enc Encoder[map[string]E], at func(AttrPath) H) {
	*h = NewMap(TableAttr(table, name), enc, at)
}
