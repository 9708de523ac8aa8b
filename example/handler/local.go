//go:build localdev

// This file runs the orders API on this machine: built with -tags localdev
// (scripts/dev.sh does: see docs/local-development.md), the program creates
// the example's tables on DynamoDB Local, sets their link variables and serves
// Handle over HTTP as API Gateway invokes it, instead of starting the Lambda
// runtime. The function built for Lambda does not contain this file.
//
//	go run -tags localdev ./example/handler [-port 8080] [-endpoint http://127.0.0.1:8000] [-prefix stelviogen-example-local]
//
// main.go holds both Handler and main, so this file takes over in init, which
// runs before main: it serves until Ctrl-C (SIGINT) or SIGTERM, then exits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/stelviogen/stelviogen/example/models"
	"github.com/stelviogen/stelviogen/example/shop"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/localdev"
)

func init() {
	if testing.Testing() { // go test -tags localdev runs the tests
		return
	}
	os.Exit(runLocal(os.Args[1:]))
}

func runLocal(args []string) int {
	fs := flag.NewFlagSet("handler (localdev)", flag.ContinueOnError)
	port := fs.String("port", envOr("PORT", "8080"), "port to serve the API on, at 127.0.0.1 (env PORT)")
	endpoint := fs.String("endpoint", localdev.Endpoint(), "DynamoDB Local's URL (env "+localdev.EndpointEnv+")")
	prefix := fs.String("prefix", "stelviogen-example-local", "start of the physical table names: <prefix>-orders, <prefix>-users, <prefix>-shop")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := localdev.Run(ctx, localdev.App{
		Prefix: *prefix,
		// Linked as in example/deploy: orders, users and shop.
		Tables:   []ddb.TableSchema{models.OrderSchema, models.UserSchema, shop.ShopSchema},
		Routes:   routes,
		Endpoint: *endpoint,
		Addr:     net.JoinHostPort("127.0.0.1", *port),
		Handler: func(_ context.Context, client *dynamodb.Client) (localdev.HandlerFunc, error) {
			orders, err := models.OpenOrderStore(client) // from STLV_ORDERS_TABLE_NAME, as deployed
			if err != nil {
				return nil, err
			}
			shopStore, err := shop.OpenShopStore(client) // STLV_SHOP_TABLE_NAME
			if err != nil {
				return nil, err
			}
			return (&Handler{Orders: orders, Shop: shopStore}).Handle, nil
		},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "handler:", err)
		return 1
	}
	return 0
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
