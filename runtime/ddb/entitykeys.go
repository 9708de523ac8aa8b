package ddb

// The key attributes an entity item is written with, for encoders that do
// not build the item's map (runtime/ddbjson's generated EncodeJSONItem):
// the same rule as Entity.Item, read from the same KeySet.

// KeysLeftOut decides, from the keys ks recorded, which of the entity's key
// attributes an item is written without (bit i of omit for Keys[i]): every
// key of an index one of whose keys failed because a text field is empty
// (the item is not in that sparse index). A table key that failed so, or any
// other key error, is an *InputError wrapping the keys error, as Item
// returns it.
func (e *Entity) KeysLeftOut(ks *KeySet) (omit uint64, err error) {
	if ks.err != nil {
		return 0, &InputError{Attr: e.Keys[ks.errAt].Attr, Err: ks.err, Hint: "key attribute of entity " + e.Name}
	}
	for i := range e.Keys {
		if ks.empty&(1<<i) == 0 {
			continue
		}
		ka := &e.Keys[i]
		if ka.Index == "" {
			return 0, &InputError{Attr: ka.Attr, Err: emptyKeyErr(ka), Hint: "key attribute of entity " + e.Name}
		}
		for j := range e.Keys {
			if e.Keys[j].Index == ka.Index {
				omit |= 1 << j
			}
		}
	}
	return omit, nil
}

// Key returns the text of key number i that ks recorded in buf (the buffer
// the last Add returned).
func (ks *KeySet) Key(buf []byte, i int) []byte {
	start := int16(0)
	if i > 0 {
		start = ks.ends[i-1]
	}
	return buf[start:ks.ends[i]]
}
