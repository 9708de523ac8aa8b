package gen

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stelviogen/stelviogen/runtime/keys"
	"github.com/stelviogen/stelviogen/tags"
)

// The template guard: an entity table's record (the // stelviogen:immutable
// line of its infra file, see schema.go) also holds what its stored items were
// written with: the type attribute, the key separator and, per entity, its name
// and the normalised template of each key attribute it fills (keys.Template.
// Normalized: literals, fields, kinds and modifiers, so every encoding). The
// next run compares the model with it: a change that would leave stored items
// under keys or a name no store reads any more is refused until the items are
// migrated (runtime/ddb.Migrate).

// entityRecord is one entity in the record:
//
//	{"name":"order","keys":{"pk":"CUSTOMER#{CustomerID:string}","sk":"ORDER#{PlacedAt:time}#{ID:string}"}}
type entityRecord struct {
	Name string            `json:"name"`
	Keys map[string]string `json:"keys"` // key attribute -> normalised template
}

// recordEntities adds the entity part of t's record; a single-struct table has
// none, so its record stays byte for byte what it was.
func recordEntities(s *immutableSchema, t *tags.Table) {
	if len(t.Entities) == 0 {
		return
	}
	s.TypeAttr = t.TypeAttr
	sep := t.Sep
	if sep == 0 {
		sep = keys.DefaultSep
	}
	s.Sep = string(rune(sep))
	for _, e := range t.Entities {
		r := entityRecord{Name: e.Name, Keys: make(map[string]string, len(e.Keys))}
		for _, k := range e.Keys {
			r.Keys[k.Attr.Attr] = k.Template.Normalized()
		}
		s.Entities = append(s.Entities, r)
	}
}

// TemplateChange is one difference between an entity table's record and its
// model.
type TemplateChange struct {
	// Pos is where the change is in the model (the template, the entity or
	// the table struct); zero when what changed is gone from the model (a
	// removed entity): then the infra file holding the record is the place.
	Pos tags.Pos
	Msg string
	// Strands: items stored before would no longer be found or read (a key
	// template, encoding, entity name, type attribute or separator changed, an
	// entity removed). Refused unless allowed. Otherwise a note: the change is
	// safe but old items need a rewrite to appear where new ones do (an entity
	// starts filling an index).
	Strands bool
}

// TemplateChanges compares the record in a table's previously generated infra
// file with the table's model. It reports nothing when there is no record,
// when the table's name changed (a new table: the replacement guard reports
// it) or when neither side has entities.
func TemplateChanges(oldSrc []byte, t *tags.Table) []TemplateChange {
	old, ok := readSchema(oldSrc)
	if !ok || old.Table != t.Name {
		return nil
	}
	var cur immutableSchema
	recordEntities(&cur, t)
	if len(old.Entities) == 0 && len(cur.Entities) == 0 {
		return nil
	}
	var out []TemplateChange
	strand := func(pos tags.Pos, format string, args ...any) {
		out = append(out, TemplateChange{Pos: pos, Msg: fmt.Sprintf(format, args...), Strands: true})
	}
	if len(old.Entities) == 0 {
		strand(t.Pos, "table %q now stores entities: its items stored before have no %q attribute and no template's keys, so no store reads them", t.Name, cur.TypeAttr)
		return out
	}
	if len(cur.Entities) == 0 {
		strand(t.Pos, "table %q no longer stores entities (%s): their stored items are read by no store", t.Name, entityNames(old.Entities))
		return out
	}
	if old.TypeAttr != cur.TypeAttr {
		pos := t.Pos
		if t.TypeField != nil {
			pos = t.TypeField.Pos
		}
		strand(pos, "table %q: entity type attribute changes from %q to %q: stored items name their entity in %q", t.Name, old.TypeAttr, cur.TypeAttr, old.TypeAttr)
	}
	if old.Sep != cur.Sep {
		strand(t.Pos, "table %q: key separator changes from %q to %q: stored keys are written with %q", t.Name, old.Sep, cur.Sep, old.Sep)
	}
	curByName := map[string]*tags.Entity{}
	for _, e := range t.Entities {
		curByName[e.Name] = e
	}
	oldByName := map[string]entityRecord{}
	for _, r := range old.Entities {
		oldByName[r.Name] = r
	}
	// An entity gone under its name whose keys another new name has exactly
	// was renamed; any other is removed.
	renamedTo := map[string]*tags.Entity{}
	claimed := map[*tags.Entity]bool{}
	for _, r := range old.Entities {
		if curByName[r.Name] != nil {
			continue
		}
		for _, e := range t.Entities {
			if _, had := oldByName[e.Name]; had || claimed[e] {
				continue
			}
			if maps.Equal(r.Keys, recordOf(e).Keys) {
				renamedTo[r.Name], claimed[e] = e, true
				break
			}
		}
	}
	for _, r := range old.Entities {
		e := curByName[r.Name]
		if e == nil {
			if to := renamedTo[r.Name]; to != nil {
				strand(to.TagPos, "table %q: entity %q is renamed to %q: stored items say %q in %q", t.Name, r.Name, to.Name, r.Name, old.TypeAttr)
			} else {
				strand(tags.Pos{}, "table %q: entity %q is removed: its stored items stay in the table, read by no store", t.Name, r.Name)
			}
			continue
		}
		for _, k := range distinctKeys(e) {
			was, had := r.Keys[k.Attr.Attr]
			switch {
			case !had:
				out = append(out, TemplateChange{Pos: k.Pos, Msg: fmt.Sprintf("entity %q now fills %s (%s): its items stored before are not in that index until rewritten (migrate them, or put them again)", e.Name, k.Attr.Attr, templateRole(k))})
			case k.Template.Normalized() != was:
				strand(k.Pos, "entity %q: template of %s (%s) changes from %s to %s: items stored under the old keys are no longer found", e.Name, k.Attr.Attr, templateRole(k), was, k.Template.Normalized())
			}
		}
		for _, attr := range slices.Sorted(maps.Keys(r.Keys)) {
			if e.Key(attr) == nil {
				out = append(out, TemplateChange{Pos: e.TagPos, Msg: fmt.Sprintf("entity %q no longer fills key attribute %s: its items stored before keep it (and stay in that index) until rewritten", e.Name, attr)})
			}
		}
	}
	return out
}

func recordOf(e *tags.Entity) entityRecord {
	var s immutableSchema
	recordEntities(&s, &tags.Table{Entities: []*tags.Entity{e}})
	return s.Entities[0]
}

func templateRole(k *tags.KeyTemplate) string {
	role := "partition key"
	if k.Role == keys.SortKey {
		role = "sort key"
	}
	if k.Index == nil {
		return role + " of the table"
	}
	return role + " of index " + fmt.Sprintf("%q", k.Index.Name)
}

func entityNames(rs []entityRecord) string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = fmt.Sprintf("%q", r.Name)
	}
	return strings.Join(names, ", ")
}
