// Package ddblocal connects tests to the local DynamoDB server (AWS's
// DynamoDB Local) that scripts/test.sh starts on a loopback port.
//
// Tests never skip when the server is missing: they fail and say how to run them.
package ddblocal

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// EndpointEnv names the environment variable holding the server's URL.
const EndpointEnv = "STELVIOGEN_DYNAMODB_ENDPOINT"

// Endpoint returns the server URL, failing the test when it is not set.
func Endpoint(t testing.TB) string {
	t.Helper()
	ep := os.Getenv(EndpointEnv)
	if ep == "" {
		t.Fatalf("%s is not set: these tests need a local DynamoDB server; run them with scripts/test.sh, which installs and starts DynamoDB Local (needs Java), e.g. scripts/test.sh ./...", EndpointEnv)
	}
	return ep
}

// Client returns a DynamoDB client talking to the local server with dummy
// static credentials in region us-east-1.
func Client(t testing.TB) *dynamodb.Client {
	t.Helper()
	ep := Endpoint(t)
	cfg := aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", ""),
	}
	return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.BaseEndpoint = aws.String(ep)
	})
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// UniqueTableName returns a valid table name that starts with base, contains
// the test's name and a random suffix, so tests sharing one server never
// collide. The name is at most 255 characters.
func UniqueTableName(t testing.TB, base string) string {
	t.Helper()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("random table suffix: %v", err)
	}
	test := unsafeName.ReplaceAllString(t.Name(), "_")
	name := strings.Trim(base+"-"+test, "-")
	if len(name) > 200 {
		name = name[:200]
	}
	return name + "-" + hex.EncodeToString(b[:])
}
