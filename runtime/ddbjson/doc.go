// Package ddbjson reads DynamoDB's JSON answers straight into models, and
// writes requests, without the SDK's map[string]types.AttributeValue.
package ddbjson
