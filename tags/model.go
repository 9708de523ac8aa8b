package tags

import "fmt"

// The schema model: the only input to code generation. It is plain data; it knows
// nothing of go/packages, jennifer or Pulumi, so emitters and tests can build it by hand.

// Pos is a source position, printed as file:line:col.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// Package is one analysed Go package and the tables declared in it.
type Package struct {
	Name   string // package name, e.g. "models"
	Path   string // import path
	Dir    string // directory on disk
	Tables []*Table
	// Declared holds the package-level names the user's files declare, and
	// the methods of their types as "Type.Method", with their positions
	// (generated files are not loaded): generated names must not clash.
	Declared map[string]Pos
	// Warnings are remarks on a valid model, such as a sort key that cannot
	// have range conditions; they change neither the output nor the exit
	// status. Sorted by position.
	Warnings []Diagnostic
}

// AttrType is a DynamoDB scalar attribute type usable in a key.
type AttrType string

const (
	AttrS AttrType = "S"
	AttrN AttrType = "N"
	AttrB AttrType = "B"
)

// StreamView is a table's stream view type; "" means no stream.
type StreamView string

const (
	StreamNone      StreamView = ""
	StreamKeysOnly  StreamView = "KEYS_ONLY"
	StreamNewImage  StreamView = "NEW_IMAGE"
	StreamOldImage  StreamView = "OLD_IMAGE"
	StreamNewAndOld StreamView = "NEW_AND_OLD_IMAGES"
)

// Table is a struct that maps to a DynamoDB table.
type Table struct {
	Pos     Pos
	Name    string // logical table name, e.g. "orders"
	Struct  *Struct
	PK      *Key // never nil
	SK      *Key // nil when the table has no sort key
	LSIs    []*Index
	GSIs    []*Index
	TTL     *Field // nil when no TTL
	Version *Field // nil when no optimistic locking
	Stream  StreamView
	// Doc is the doc comment of the table's struct type, without comment
	// markers ("" when it has none); the model page shows it.
	Doc string

	// Single-table design (see entity.go). All zero for a single-struct table,
	// whose generated code does not change.
	Entities    []*Entity     // the entity types stored in this table, in declaration order
	TypeAttr    string        // the entity type attribute's name; "" when Entities is empty
	TypeField   *Field        // the table struct's field adopted as the type attribute (dynamo:"type"), or nil
	Sep         byte          // the key separator (keys.DefaultSep unless the table names another)
	Collections []*Collection // item collections formed by the entities' partition templates
}

// IsEntityTable reports whether the table stores entities (single-table design)
// rather than its own struct's items.
func (t *Table) IsEntityTable() bool { return len(t.Entities) > 0 }

// Indexes returns the LSIs then the GSIs, in declaration order.
func (t *Table) Indexes() []*Index {
	out := make([]*Index, 0, len(t.LSIs)+len(t.GSIs))
	out = append(out, t.LSIs...)
	return append(out, t.GSIs...)
}

// KeyFields returns the distinct fields that are a key of the table or any index,
// table keys first, in a stable order.
func (t *Table) KeyFields() []*Field {
	var out []*Field
	seen := map[*Field]bool{}
	add := func(k *Key) {
		if k != nil && !seen[k.Field] {
			seen[k.Field] = true
			out = append(out, k.Field)
		}
	}
	add(t.PK)
	add(t.SK)
	for _, ix := range t.Indexes() {
		add(ix.PK)
		add(ix.SK)
	}
	return out
}

// Key is one key attribute: the field and its DynamoDB scalar type.
type Key struct {
	Field *Field
	Type  AttrType
}

// IndexKind tells local from global secondary indexes.
type IndexKind int

const (
	LocalIndex IndexKind = iota
	GlobalIndex
)

func (k IndexKind) String() string {
	if k == LocalIndex {
		return "lsi"
	}
	return "gsi"
}

// Index is a secondary index.
type Index struct {
	Pos        Pos
	Name       string
	Kind       IndexKind
	PK         *Key // for an LSI, the table's partition key
	SK         *Key // nil for a GSI without sort key
	Projection Projection
}

// ProjectionType is DynamoDB's projection type.
type ProjectionType string

const (
	ProjectKeysOnly ProjectionType = "KEYS_ONLY"
	ProjectAll      ProjectionType = "ALL"
	ProjectInclude  ProjectionType = "INCLUDE"
)

// Projection is what an index copies from the table.
type Projection struct {
	Type   ProjectionType
	NonKey []string // INCLUDE only: attribute names, as written
}

// Struct is a Go struct type the codec handles: a table's struct or a nested one.
type Struct struct {
	Pos     Pos
	Name    string // type name; "" for an anonymous struct
	PkgPath string
	Fields  []*Field // encoded fields in declaration order (embedded structs flattened)
}

// Field is one encoded attribute of a struct.
type Field struct {
	Pos  Pos
	Path []string // selector path from the struct value; len>1 for promoted fields of embedded structs
	Attr string   // attribute name
	Type *Type
	Enc  Encoding
}

// GoName is the field's name in Go (the last element of its selector path).
func (f *Field) GoName() string { return f.Path[len(f.Path)-1] }

// Encoding holds the dynamodbav tag options that change how a value is encoded.
type Encoding struct {
	OmitEmpty     bool
	OmitEmptyElem bool
	NullEmpty     bool
	NullEmptyElem bool
	AsString      bool
	StringSet     bool
	NumberSet     bool
	BinarySet     bool
	UnixTime      bool
}

// Kind is the shape of a Go type as the codec sees it.
type Kind int

const (
	KindInvalid Kind = iota
	KindBool
	KindInt   // int, int8..int64 (Basic says which)
	KindUint  // uint, uint8..uint64, uintptr
	KindFloat // float32, float64
	KindString
	KindBytes // []byte (or a named type whose underlying type is []byte)
	KindTime  // time.Time
	KindPtr
	KindSlice
	KindArray
	KindMap
	KindStruct
	KindInterface // interface types: encoded through attributevalue's reflection (documented fallback)
)

var kindNames = [...]string{"invalid", "bool", "int", "uint", "float", "string", "bytes", "time", "pointer", "slice", "array", "map", "struct", "interface"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Type describes a Go type for the code generator.
type Type struct {
	Kind    Kind
	Name    string // named type's name ("" when unnamed)
	PkgPath string // named type's package path ("" for predeclared or unnamed)
	Basic   string // for scalar kinds, the underlying predeclared type: "int64", "string", "bool", ...
	Elem    *Type  // Ptr, Slice, Array, Map (value)
	Key     *Type  // Map key
	Len     int64  // Array length
	Struct  *Struct
	// Marshaler is set when T or *T implements attributevalue.Marshaler;
	// Unmarshaler when *T implements attributevalue.Unmarshaler. Such types are
	// encoded by their own methods, as attributevalue does.
	Marshaler   bool
	Unmarshaler bool
}

// IsNamed reports whether the type has a name of its own.
func (t *Type) IsNamed() bool { return t.Name != "" }

// Scalar reports whether values of the type encode as a single S, N or B attribute
// (the types a key may have, before tag options).
func (t *Type) Scalar() bool {
	switch t.Kind {
	case KindInt, KindUint, KindFloat, KindString, KindBytes:
		return true
	}
	return false
}
