// Package ddb is the handler-side runtime imported by the code stelviogen
// generates into a model's package: typed attribute handles, conditions,
// update actions, queries and scans with options, transactions, batch
// operations that retry unprocessed work, paging with opaque cursors, stream
// decoding and batch handling, the link environment lookup and local table
// creation. It depends on aws-sdk-go-v2 (and aws-lambda-go's event types),
// never on Pulumi, so a Lambda handler stays small.
//
// Generated code declares; this package works. A table's generated file
// holds its codec (MarshalItem/UnmarshalItem), its schema, one typed handle
// per attribute (OrderAttrs.Status is a String[string], OrderAttrs.Total a
// Number[float64]) and thin store methods that call the generic functions
// here.
//
// # The generated store
//
// For a table struct Order (table "orders", key customer_id + order_date,
// LSI "status-index", GSI "status-total-index", version field Version):
//
//	store, err := models.OpenOrderStore(client)       // table name from STLV_ORDERS_TABLE_NAME
//	store := models.NewOrderStore(client, "physical-name")
//	ro := models.NewOrderReadOnlyStore(client, name)  // an interface of reads: no write method exists
//
//	o, err := store.Get(ctx, customerID, orderDate, ddb.ConsistentRead())
//	err = store.Create(ctx, &o)                       // only if absent (ErrConditionFailed)
//	err = store.Put(ctx, &o, ddb.If(models.OrderAttrs.Status.Ne("shipped"))) // and o.Version checked
//	err = store.Delete(ctx, customerID, orderDate)    // and DeleteVersion(..., expectedVersion)
//	o2, err := store.Update(ctx, customerID, orderDate, o.Version,
//		models.OrderAttrs.Status.Set("paid"), models.OrderAttrs.Total.Add(5),
//		ddb.If(models.OrderAttrs.Status.Eq("pending")))
//	o3, err := store.UpdateAnyVersion(ctx, customerID, orderDate, // no version check, version still
//		models.OrderAttrs.Total.Add(5), ddb.If(models.OrderAttrs.Total.Lt(100))) // incremented
//
//	for o, err := range store.Query(customerID, models.OrderAttrs.OrderDate.BeginsWith("2024-"), ddb.Descending()).All(ctx) { ... }
//	page, next, err := store.QueryStatusTotalIndex("paid", models.OrderAttrs.Total.Ge(100), ddb.Limit(20)).Page(ctx, cursor)
//	n, err := store.Scan(ddb.Filter(models.OrderAttrs.Total.Gt(1000))).Count(ctx)
//
//	err = ddb.WriteTx(ctx, client, store.TxCreate(&o), stock.TxUpdate("sku-1",
//		models.StockAttrs.Count.Decrement(1), ddb.If(models.StockAttrs.Count.Ge(1))))
//
// Options are typed by where they apply: ConsistentRead is a ReadOption and
// a TableQueryOption but not a QueryOption (DynamoDB refuses it on global
// indexes), an update action is an UpdateOption and not a WriteOption, and
// so on; a misplaced option does not compile.
//
// # Errors
//
// Test errors with errors.Is against ErrNotFound, ErrConditionFailed,
// ErrVersionConflict, ErrInvalidInput (and ErrEmptyKey, ErrMissingPath), ErrInvalidCursor,
// ErrTxConflict and ErrThrottled; the SDK's own error (for example
// *types.ConditionalCheckFailedException) stays reachable with errors.As.
// FailedItem decodes the item a failed condition found. Failed batches
// return *BatchWriteError and *BatchGetError, which list exactly the
// requests that were not done; a cancelled transaction is a
// *TxCanceledError with one reason per action.
package ddb
