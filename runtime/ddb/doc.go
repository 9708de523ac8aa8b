// Package ddb is the handler-side runtime imported by the code stelviogen
// generates into a model's package: typed errors, batch operations that retry
// unprocessed work, paging iterators with opaque cursors, expression builders,
// the link environment lookup and local table creation. It depends on
// aws-sdk-go-v2 only (never on Pulumi), so a Lambda handler stays small.
//
// # The generated store
//
// For a table struct Order (table "orders", key customer_id + order_date,
// LSI "status-index", GSI "status-total-index", version field Version) the
// generated code offers:
//
//	store, err := models.OpenOrderStore(client)       // table name from STLV_ORDERS_TABLE_NAME
//	store := models.NewOrderStore(client, "physical-name")
//	ro := models.NewOrderReadOnlyStore(client, name)  // reads only: no write method exists
//
//	o, err := store.Get(ctx, customerID, orderDate, ddb.ConsistentRead())
//	err = store.Create(ctx, &o)                       // only if absent (ErrConditionFailed)
//	err = store.Put(ctx, &o)                          // optimistic locking on o.Version (ErrVersionConflict)
//	err = store.Delete(ctx, customerID, orderDate)    // and DeleteVersion(..., expectedVersion)
//	o2, err := store.Update(customerID, orderDate, o.Version).
//		SetStatus("paid").AddTotal(5).RemoveItems().Exec(ctx)
//	items, err := store.BatchGet(ctx, []models.OrderKey{...})        // 100 per request, retried
//	err = store.BatchWrite(ctx, puts, deleteKeys)                   // 25 per request, retried
//
//	for o, err := range store.Query(customerID).OrderDateBeginsWith("2024-").Descending().All(ctx) { ... }
//	page, next, err := store.QueryStatusIndex(customerID).StatusEq("paid").Limit(20).Page(ctx, cursor)
//	for o, err := range store.QueryStatusTotalIndex("paid").TotalGe(100).All(ctx) { ... } // GSI: no ConsistentRead
//	for o, err := range store.Scan().Parallel(ctx, 4) { ... }
//
//	err = ddb.CreateTable(ctx, client, models.OrderSchema, name) // local servers and tests
//
// Queries on KEYS_ONLY and INCLUDE indexes yield the generated projection
// type (OrderStatusIndexProjection), holding exactly what the index stores.
//
// # Errors
//
// Test errors with errors.Is against ErrNotFound, ErrConditionFailed,
// ErrVersionConflict and ErrInvalidCursor; the SDK's own error (for example
// *types.ConditionalCheckFailedException) stays reachable with errors.As.
// Failed batches return *BatchWriteError and *BatchGetError, which list
// exactly the requests that were not done.
package ddb
