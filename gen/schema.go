package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/stelviogen/stelviogen/tags"
)

// schemaMarker starts the comment line of an infra file that records the parts
// of the table definition AWS cannot change in place. The next run reads it to
// refuse changes that would replace the table and lose its data.
const schemaMarker = "// stelviogen:immutable "

// immutableSchema is what AWS can only change by replacing the table.
type immutableSchema struct {
	Table string     `json:"table"`
	PK    string     `json:"pk"`
	SK    string     `json:"sk,omitempty"`
	LSIs  []lsiShape `json:"lsis,omitempty"`
	// Single-table design: what stored items' keys and type attribute were
	// written with (see templateguard.go). Absent for a single-struct table, so
	// its record is unchanged.
	TypeAttr string         `json:"typeAttr,omitempty"`
	Sep      string         `json:"sep,omitempty"`
	Entities []entityRecord `json:"entities,omitempty"`
}

type lsiShape struct {
	Name       string   `json:"name"`
	SK         string   `json:"sk"`
	Projection string   `json:"projection"`
	NonKey     []string `json:"nonKey,omitempty"`
}

func keyShape(k *tags.Key) string {
	if k == nil {
		return ""
	}
	return k.Field.Attr + ":" + string(k.Type)
}

func immutableOf(t *tags.Table) immutableSchema {
	s := immutableSchema{Table: t.Name, PK: keyShape(t.PK), SK: keyShape(t.SK)}
	for _, ix := range t.LSIs {
		s.LSIs = append(s.LSIs, lsiShape{Name: ix.Name, SK: keyShape(ix.SK), Projection: string(ix.Projection.Type), NonKey: ix.Projection.NonKey})
	}
	recordEntities(&s, t)
	return s
}

// schemaComment is the marker line written into the table's infra file:
//
//	// stelviogen:immutable {"table":"orders","pk":"customer_id:S","sk":"order_date:S","lsis":[...]}
func schemaComment(t *tags.Table) string {
	b, _ := json.Marshal(immutableOf(t)) // plain strings and slices: cannot fail
	return schemaMarker[3:] + string(b)
}

func readSchema(src []byte) (immutableSchema, bool) {
	var s immutableSchema
	i := bytes.Index(src, []byte(schemaMarker))
	if i < 0 {
		return s, false
	}
	line := src[i+len(schemaMarker):]
	if j := bytes.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	return s, json.Unmarshal(line, &s) == nil
}

// SchemaTable returns the table name recorded in a generated infra file.
func SchemaTable(src []byte) (string, bool) {
	s, ok := readSchema(src)
	return s.Table, ok
}

// ReplacingChanges compares a table's previously generated infra file with the
// new one and describes each change that makes AWS replace the table (and so
// drop its items): a new table name, partition or sort key, a key's type, an LSI
// added, removed or changed. Safe changes (GSIs, projections of GSIs, non-key
// attributes, TTL, stream) are not reported.
func ReplacingChanges(oldSrc, newSrc []byte) []string {
	old, ok := readSchema(oldSrc)
	if !ok {
		return nil // not generated with a record: nothing to compare
	}
	cur, ok := readSchema(newSrc)
	if !ok {
		return nil
	}
	var out []string
	if old.Table != cur.Table {
		out = append(out, fmt.Sprintf("table name changes from %q to %q (a new table is created and the old one deleted)", old.Table, cur.Table))
	}
	if old.PK != cur.PK {
		out = append(out, fmt.Sprintf("table %q: partition key changes from %s to %s", cur.Table, old.PK, cur.PK))
	}
	if old.SK != cur.SK {
		out = append(out, fmt.Sprintf("table %q: sort key changes from %s to %s", cur.Table, orNone(old.SK), orNone(cur.SK)))
	}
	oldLSI := map[string]lsiShape{}
	for _, l := range old.LSIs {
		oldLSI[l.Name] = l
	}
	for _, l := range cur.LSIs {
		prev, had := oldLSI[l.Name]
		switch {
		case !had:
			out = append(out, fmt.Sprintf("table %q: local index %q is added (LSIs exist only from table creation)", cur.Table, l.Name))
		case prev.SK != l.SK || prev.Projection != l.Projection || !slices.Equal(prev.NonKey, l.NonKey):
			// Only the parts that change are named.
			var parts []string
			if prev.SK != l.SK {
				parts = append(parts, fmt.Sprintf("sort key %s -> %s", prev.SK, l.SK))
			}
			if prev.Projection != l.Projection || !slices.Equal(prev.NonKey, l.NonKey) {
				parts = append(parts, fmt.Sprintf("projection %s%v -> %s%v", prev.Projection, prev.NonKey, l.Projection, l.NonKey))
			}
			out = append(out, fmt.Sprintf("table %q: local index %q changes (%s; LSIs are fixed at table creation)", cur.Table, l.Name, strings.Join(parts, ", ")))
		}
		delete(oldLSI, l.Name)
	}
	for _, l := range old.LSIs {
		if _, left := oldLSI[l.Name]; left {
			out = append(out, fmt.Sprintf("table %q: local index %q is removed", cur.Table, l.Name))
		}
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
