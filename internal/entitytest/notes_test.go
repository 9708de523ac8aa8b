package entitytest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// recordedKeys reads the templates of entity name from the template record of
// a generated infra file: what its stored items were written with.
func recordedKeys(t *testing.T, path, name string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rec, ok := strings.CutPrefix(sc.Text(), "// stelviogen:immutable ")
		if !ok {
			continue
		}
		var r struct {
			Entities []struct {
				Name string            `json:"name"`
				Keys map[string]string `json:"keys"`
			} `json:"entities"`
		}
		if err := json.Unmarshal([]byte(rec), &r); err != nil {
			t.Fatal(err)
		}
		for _, e := range r.Entities {
			if e.Name == name {
				return e.Keys
			}
		}
	}
	t.Fatalf("%s records no entity %q", path, name)
	return nil
}

// End to end: items written by the generated code of version 1 of a model
// move, with version 2's generated Migrate, to version 2's keys; the old
// entity is described by the templates version 1 recorded (as the template
// guard prints them), and version 2 finds every item by its new key.
func TestMigrateGeneratedVersions(t *testing.T) {
	client, name := newNotesTable(t)
	ctx := t.Context()
	v1 := NewNotesV1Store(storeAPI(client), name)
	const n = 25
	for i := range n {
		note := &NoteV1{ID: fmt.Sprintf("n%d", i%3), Rev: i, EditedAt: t0.Add(time.Duration(i) * time.Minute), Text: fmt.Sprint("text ", i)}
		if err := v1.NoteV1.Put(ctx, note); err != nil {
			t.Fatal(err)
		}
	}
	v2 := NewNotesV2Store(storeAPI(client), name)
	old, err := v2.NoteV2.OldEntity("", recordedKeys(t, "infra/notes_v1_stelviogen.go", "note"))
	if err != nil {
		t.Fatal(err)
	}
	moved := 0
	const segments = 2
	for seg := int32(0); seg < segments; seg++ {
		for cursor := ""; ; {
			p, err := v2.NoteV2.Migrate(ctx, old, seg, segments, 7, cursor)
			if err != nil {
				t.Fatal(err)
			}
			moved += p.Migrated
			if cursor = p.Cursor; cursor == "" {
				break
			}
		}
	}
	if moved != n {
		t.Errorf("moved %d notes, want %d", moved, n)
	}
	for i := range n {
		got, err := v2.NoteV2.Get(ctx, fmt.Sprintf("n%d", i%3), t0.Add(time.Duration(i)*time.Minute), i)
		if err != nil || got.Text != fmt.Sprint("text ", i) {
			t.Errorf("note %d under its new key: %+v, %v", i, got, err)
		}
		if _, err := v1.NoteV1.Get(ctx, fmt.Sprintf("n%d", i%3), i); !errors.Is(err, ddb.ErrNotFound) {
			t.Errorf("note %d still under its old key: %v", i, err)
		}
	}
	recent := collectAll(t, v2.NoteV2.Query("n0", NoteV2KeyParts.EditedAt.Ge(t0.Add(20*time.Minute))).All(ctx))
	if len(recent) != 2 || recent[0].Rev != 21 || recent[1].Rev != 24 {
		t.Errorf("note n0's edits from t0+20m: %+v", recent)
	}
}

// newNotesTable creates the notes table (version 1's schema, which version 2
// shares) on the local server, deleted when the test ends.
func newNotesTable(t *testing.T) (*dynamodb.Client, string) {
	t.Helper()
	client := ddblocal.Client(t)
	name := ddblocal.UniqueTableName(t, "notes")
	if err := ddb.CreateTable(t.Context(), client, NotesV1Schema, name); err != nil {
		t.Fatalf("create table: %v", err)
	}
	t.Cleanup(func() {
		if err := ddb.DeleteTable(context.Background(), client, name); err != nil {
			t.Errorf("delete table: %v", err)
		}
	})
	return client, name
}
