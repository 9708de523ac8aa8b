package ddb_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

func TestEnvNameFollowsStelvio(t *testing.T) {
	for in, want := range map[string]string{
		"orders":       "ORDERS",
		"my-table.v2":  "MY_TABLE_V2",
		"Users_2024":   "USERS_2024",
		"a b/c":        "A_B_C",
		"status-index": "STATUS_INDEX",
	} {
		if got := ddb.EnvName(in); got != want {
			t.Errorf("EnvName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTableNameAndARNFromEnv(t *testing.T) {
	t.Setenv("STLV_MY_TABLE_V2_TABLE_NAME", "proj-dev-my-table.v2")
	t.Setenv("STLV_MY_TABLE_V2_TABLE_ARN", "arn:aws:dynamodb:us-east-1:123456789012:table/proj-dev-my-table.v2")
	name, err := ddb.TableNameFromEnv("my-table.v2")
	if err != nil || name != "proj-dev-my-table.v2" {
		t.Fatalf("TableNameFromEnv = %q, %v", name, err)
	}
	arn, err := ddb.TableARNFromEnv("my-table.v2")
	if err != nil || !strings.HasSuffix(arn, ":table/proj-dev-my-table.v2") {
		t.Fatalf("TableARNFromEnv = %q, %v", arn, err)
	}
}

func TestTableNameFromEnvNamesTheMissingVariable(t *testing.T) {
	t.Setenv("STLV_ORDERS_TABLE_NAME", "")
	_, err := ddb.TableNameFromEnv("orders")
	var ee *ddb.EnvError
	if !errors.As(err, &ee) || ee.Var != "STLV_ORDERS_TABLE_NAME" {
		t.Fatalf("error %v, want *EnvError for STLV_ORDERS_TABLE_NAME", err)
	}
	if !strings.Contains(err.Error(), "STLV_ORDERS_TABLE_NAME is empty or not set") {
		t.Fatalf("message %q does not name the variable", err)
	}
	_, err = ddb.TableARNFromEnv("orders")
	if err == nil || !strings.Contains(err.Error(), "STLV_ORDERS_TABLE_ARN") {
		t.Fatalf("ARN error %v does not name STLV_ORDERS_TABLE_ARN", err)
	}
}
