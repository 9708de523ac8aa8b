package tags

import "testing"

func TestNearMissOf(t *testing.T) {
	cases := []struct{ key, value, want string }{
		{"dynamodb", "pk", "dynamo"},
		{"dynamodb", "table=orders,stream=new-image", "dynamo"},
		{"dynamodb", "customer_id", "dynamodbav"},
		{"dynamodb", "-", "dynamodbav"},
		{"Dynamo", "sk", "dynamo"},
		{"DYNAMO", "pk", "dynamo"},
		{"dyanmo", "pk", "dynamo"},
		{"dynamoo", "pk", "dynamo"},
		{"dynmo", "ttl", "dynamo"},
		{"gis", "by-status,pk", "gsi"},
		{"GSI", "by-status,pk", "gsi"},
		{"gsii", "by-status,pk", "gsi"},
		{"gsi_", "by-status,pk", "gsi"},
		{"lsl", "status-index", "lsi"},
		{"Lsi", "status-index", "lsi"},
		{"sli", "status-index", "lsi"},
		{"xsi", "by-status,sk", "gsi"},
		{"xsi", "status-index", "lsi"},
		{"dynamo_av", "status", "dynamodbav"},
		{"dynamodb_av", "status", "dynamodbav"},
		{"dynamodb-av", "status", "dynamodbav"},
		{"dynamodbAV", "total,omitempty", "dynamodbav"},
		{"DynamoDBAV", "total", "dynamodbav"},
		{"dynamoav", "total", "dynamodbav"},
		{"dynamodav", "total", "dynamodbav"},
		{"dynamodbva", "total", "dynamodbav"},
		{"dyanmodbav", "total", "dynamodbav"},
	}
	for _, c := range cases {
		if got := nearMissOf(c.key, c.value); got != c.want {
			t.Errorf("nearMissOf(%q, %q) = %q, want %q", c.key, c.value, got, c.want)
		}
	}
}

// Keys in common use, and ours, are never near misses.
func TestNearMissOfLeavesRealKeys(t *testing.T) {
	for _, key := range []string{
		"dynamo", "gsi", "lsi", "dynamodbav",
		"json", "db", "yaml", "yml", "validate", "gorm", "bson", "xml", "mapstructure", "env", "default",
		"key", "toml", "form", "query", "uri", "url", "header", "param", "params", "path", "protobuf",
		"msgpack", "csv", "hcl", "binding", "example", "description", "jsonschema", "graphql", "sql",
		"pg", "bun", "ch", "redis", "schema", "doc", "avro", "parquet", "flag", "arg", "envconfig",
		"required", "dynamic", "index", "localIndex", "hash", "range", "ddb", "av", "si", "ls",
		"gs", "li", "gi", "asn1", "cbor", "ini", "mongo", "firestore", "datastore", "bigquery", "spanner",
		"ssm", "sqs", "sns", "s3", "iam", "kms", "version", "table", "pk", "sk", "ttl",
	} {
		if got := nearMissOf(key, "x"); got != "" && key != got {
			t.Errorf("%q is taken for a near miss of %q", key, got)
		}
	}
}

// Entity and entity-table options make a misspelt dynamo key read as dynamo.
func TestNearMissOfEntityOptions(t *testing.T) {
	for _, value := range []string{"entity=customer,in=Shop", "table=shop,type=kind,sep=|", "type"} {
		if got := nearMissOf("dynamodb", value); got != tagKeyDynamo {
			t.Errorf("dynamodb:%q: %q, want dynamo", value, got)
		}
	}
	if got := nearMissOf("key", "pk=A#{ID}"); got != "" {
		t.Errorf("key: %q, want none", got)
	}
}
