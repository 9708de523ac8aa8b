package entitytest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/keys"
)

// newGraph creates a graph table on the local server, deleted when the test ends.
func newGraph(t *testing.T) (*GraphStore, *dynamodb.Client, string) {
	t.Helper()
	client := ddblocal.Client(t)
	name := ddblocal.UniqueTableName(t, GraphSchema.Name)
	if err := ddb.CreateTable(t.Context(), client, GraphSchema, name); err != nil {
		t.Fatalf("create table: %v", err)
	}
	t.Cleanup(func() {
		if err := ddb.DeleteTable(context.Background(), client, name); err != nil {
			t.Errorf("delete table: %v", err)
		}
	})
	return NewGraphStore(storeAPI(client), name), client, name
}

type graphNames struct{ out []string }

func (g *graphNames) VisitTeam(t *Team) error { g.out = append(g.out, "team:"+t.ID); return nil }
func (g *graphNames) VisitMembership(m *Membership) error {
	g.out = append(g.out, "member:"+m.EmployeeID+"/"+m.Role)
	return nil
}

// An inverted index (the table's sort key as a partition key) and a
// keys-only local index of templated sort keys: each key attribute is
// written once, the inverted index serves a collection and typed queries,
// the local index's items get their key fields back from the keys, and an
// update keeps the local index's key true.
func TestInvertedAndLocalIndexes(t *testing.T) {
	g, client, table := newGraph(t)
	ctx := t.Context()
	for _, e := range []*Employee{{ID: "e1", Name: "Ada"}, {ID: "e2", Name: "bob"}, {ID: "e3", Name: "Cy"}} {
		if err := g.Employee.Put(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for _, tm := range []*Team{{ID: "t1", Title: "core"}, {ID: "t2", Title: "web"}} {
		if err := g.Team.Put(ctx, tm); err != nil {
			t.Fatal(err)
		}
	}
	ms := []*Membership{
		{EmployeeID: "e1", TeamID: "t1", Since: t0, Role: "lead"},
		{EmployeeID: "e2", TeamID: "t1", Since: t0.Add(time.Hour), Role: "dev"},
		{EmployeeID: "e1", TeamID: "t2", Since: t0.Add(2 * time.Hour), Role: "dev"},
	}
	for _, m := range ms {
		if err := g.Membership.Put(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	// The items as stored: one attribute per key, the adopted type attribute.
	out, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(table), Key: map[string]types.AttributeValue{"pk": ddb.S("EMP|e1"), "sk": ddb.S("TEAM|t1")}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"pk": "EMP|e1", "sk": "TEAM|t1", "lsi1sk": "SINCE|2026-11-03T15:04:05.123456789Z", "kind": "membership"}
	for k, v := range want {
		if got := s(out.Item[k]); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	// The inverted index: a team and its members in one query.
	var names graphNames
	page, err := g.QueryTeamInvertedIndex("t1").Page(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := page.Visit(&names); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(names.out); got != "[member:e1/lead member:e2/dev team:t1]" {
		t.Errorf("team t1 through the inverted index: %s", got)
	}
	members := collectAll(t, g.Membership.QueryInvertedIndex("t1", MembershipKeyParts.EmployeeID.Ge("e2")).All(ctx))
	if len(members) != 1 || members[0].EmployeeID != "e2" || members[0].Role != "dev" {
		t.Errorf("members of t1 from e2 on: %+v", members)
	}
	everyone := collectAll(t, g.Employee.QueryInvertedIndex().All(ctx))
	if len(everyone) != 3 || everyone[2].Name != "Cy" {
		t.Errorf("employees through the inverted index: %+v", everyone)
	}
	// The keys-only local index: key fields read back from the keys.
	since := collectAll(t, g.Membership.QueryByNameIndex("e1", MembershipKeyParts.Since.Gt(t0)).All(ctx))
	if len(since) != 1 || since[0].TeamID != "t2" || !since[0].Since.Equal(t0.Add(2*time.Hour)) || since[0].Role != "" {
		t.Errorf("memberships of e1 since after t0 (keys only): %+v", since)
	}
	byName := collectAll(t, g.Employee.QueryByNameIndex("e2", EmployeeKeyParts.Name.Eq("bob")).All(ctx))
	// Name is only in NAME|{Name|lower}: its case is lost, so it is not read back.
	if len(byName) != 1 || byName[0].ID != "e2" || byName[0].Name != "" {
		t.Errorf("employee e2 named bob: %+v", byName)
	}
	// The collection on the keys-only local index: each item's entity is
	// known from its keys alone (no type attribute is projected).
	lp, err := g.QueryEmpByNameIndex("e1").Page(ctx, "")
	if err != nil || len(lp.Employee) != 1 || len(lp.Membership) != 2 || lp.Employee[0].ID != "e1" || lp.Employee[0].Name != "" || lp.Membership[1].TeamID != "t2" {
		t.Errorf("employee e1 on the local index: %+v, %v", lp, err)
	}
	// An update of the name rewrites the local index's key; removing it
	// leaves the index (sparse).
	if _, err := g.Employee.Update(ctx, "e2", EmployeeAttrs.Name.Set("Bea")); err != nil {
		t.Fatal(err)
	}
	if got := collectAll(t, g.Employee.QueryByNameIndex("e2", EmployeeKeyParts.Name.Eq("bea")).All(ctx)); len(got) != 1 {
		t.Errorf("renamed employee by new name: %+v", got)
	}
	if _, err := g.Employee.Update(ctx, "e2", EmployeeAttrs.Name.Remove()); err != nil {
		t.Fatal(err)
	}
	if got := collectAll(t, g.Employee.QueryByNameIndex("e2").All(ctx)); len(got) != 0 {
		t.Errorf("employee without name still in the local index: %+v", got)
	}
	// The collection of an employee's partition on the table.
	ep, err := g.QueryEmp("e1").Page(ctx, "")
	if err != nil || len(ep.Employee) != 1 || len(ep.Membership) != 2 {
		t.Errorf("employee e1's partition: %+v, %v", ep, err)
	}
}

// A table's partition key that is also an inverted index's sort key is
// held to the sort key's limit (1,024 bytes), before anything is sent.
func TestInvertedKeyLimit(t *testing.T) {
	g, _, _ := newGraph(t)
	err := g.Membership.Put(t.Context(), &Membership{EmployeeID: strings.Repeat("e", 1100), TeamID: "t1", Since: t0})
	if !errors.Is(err, keys.ErrKeyTooLong) || !errors.Is(err, ddb.ErrInvalidInput) {
		t.Errorf("a 1,104-byte key that is an index's sort key: %v", err)
	}
	if err := g.Team.Put(t.Context(), &Team{ID: strings.Repeat("t", 1000)}); err != nil {
		t.Errorf("a 1,005-byte key: %v", err)
	}
}
