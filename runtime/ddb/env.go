package ddb

import (
	"fmt"
	"os"
	"strings"
)

// EnvName turns a link (table) name into the <NAME> part of its environment
// variables, as Stelvio does: upper case, every character other than an ASCII
// letter or digit becomes '_'. "orders" -> "ORDERS", "my-table.v2" -> "MY_TABLE_V2".
func EnvName(link string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		}
		return '_'
	}, link)
}

// TableNameEnv returns the variable holding a linked table's name: STLV_<NAME>_TABLE_NAME.
func TableNameEnv(link string) string { return "STLV_" + EnvName(link) + "_TABLE_NAME" }

// TableARNEnv returns the variable holding a linked table's ARN: STLV_<NAME>_TABLE_ARN.
func TableARNEnv(link string) string { return "STLV_" + EnvName(link) + "_TABLE_ARN" }

// EnvError reports a missing link environment variable.
type EnvError struct {
	Var  string
	Link string
}

func (e *EnvError) Error() string {
	return fmt.Sprintf("ddb: environment variable %s is empty or not set: link the %q table to this function, or pass the table name explicitly", e.Var, e.Link)
}

// TableNameFromEnv returns the physical name of the linked table link from
// STLV_<NAME>_TABLE_NAME; an *EnvError names the variable when it is unset or empty.
func TableNameFromEnv(link string) (string, error) { return fromEnv(TableNameEnv(link), link) }

// TableARNFromEnv returns the ARN of the linked table link from STLV_<NAME>_TABLE_ARN.
func TableARNFromEnv(link string) (string, error) { return fromEnv(TableARNEnv(link), link) }

func fromEnv(name, link string) (string, error) {
	v := os.Getenv(name)
	if v == "" {
		return "", &EnvError{Var: name, Link: link}
	}
	return v, nil
}
