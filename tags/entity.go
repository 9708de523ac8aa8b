package tags

import "github.com/stelviogen/stelviogen/runtime/keys"

// The single-table part of the schema model: entity types that share one table
// and fill its generic key attributes from templates (issue: single-table design).
// Plain data, like the rest of the model.

// Entity is a Go struct stored as items of an entity table: it names the table it
// lives in (dynamo:"entity=<name>,in=<Table>") and fills key attributes from
// templates (key:"pk=CUSTOMER#{ID},sk=PROFILE").
type Entity struct {
	Pos    Pos     // of the struct type
	TagPos Pos     // of the entity's blank field tag
	Name   string  // entity name, written in the table's type attribute ("customer")
	Struct *Struct // the entity's fields, encoded as any struct is
	Table  *Table  // the table it lives in
	// Keys are the templates of the key attributes the entity fills: the table's
	// partition key, its sort key (if the table has one), then each index's
	// partition and sort key in Table.Indexes() order, only for the indexes the
	// entity is in (an index not filled is sparse for this entity). An
	// attribute that keys several of them (SK also gsi:"inverted,pk") has one
	// KeyTemplate per key it is, with the same Text and Pos, parsed for each
	// Role: write each distinct Attr once.
	Keys    []*KeyTemplate
	Version *Field // dynamo:"version" on the entity, or nil
	TTL     *Field // dynamo:"ttl" on the entity, or nil
}

// Key returns the template the entity fills key attribute attr with, or nil.
func (e *Entity) Key(attr string) *KeyTemplate {
	for _, k := range e.Keys {
		if k.Attr.Attr == attr {
			return k
		}
	}
	return nil
}

// InIndex reports whether the entity fills the keys of ix (nil: the table's own key).
func (e *Entity) InIndex(ix *Index) bool {
	for _, k := range e.Keys {
		if k.Index == ix {
			return true
		}
	}
	return false
}

// KeyTemplate is one key attribute of an entity, built from a template.
type KeyTemplate struct {
	Pos      Pos            // of the template text inside the key tag
	Attr     *Field         // the table struct's key field it fills
	Index    *Index         // the index whose key it is; nil for the table's own key
	Role     keys.Role      // keys.PartitionKey or keys.SortKey
	Text     string         // as written
	Template *keys.Template // parsed and bound to the fields' kinds
	Fields   []*Field       // the entity's field of each placeholder, in order
}

// Collection is a set of entities whose partition templates on one index have
// the same shape: one query of a partition returns all their items, in sort order.
type Collection struct {
	Pos     Pos       // of the first member's partition template
	Name    string    // Go name, unique among the table's collections
	Index   *Index    // nil: the table's primary key
	Members []*Entity // in declaration order
}
