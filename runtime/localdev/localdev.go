// Package localdev runs a Lambda HTTP API handler on this machine against a
// local DynamoDB server (AWS's DynamoDB Local): it creates the app's tables
// from their generated schemas, sets the link environment variables a
// deployed link sets, and serves the handler over HTTP as an API Gateway HTTP
// API (payload format 2.0) invokes it.
//
// It is for a build of the handler made only for local development (a file
// with //go:build localdev calling Run, see docs/local-development.md), so the
// function built for Lambda does not link it. It imports no Pulumi.
package localdev

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// DefaultAddr is the address Run serves on when App.Addr is empty.
const DefaultAddr = "127.0.0.1:8080"

// App is a handler and the tables it is linked to.
type App struct {
	// Prefix starts the physical name of every table: TableName(Prefix,
	// link), e.g. "shop-local" gives "shop-local-orders".
	Prefix string
	// Tables are the schemas of the linked tables (models.OrderSchema, ...).
	Tables []ddb.TableSchema
	// Routes are the HTTP API's route keys (see Router).
	Routes []string
	// Handler returns the handler to serve. It is called once the tables
	// exist and their link variables are set, so the handler can open its
	// stores as the deployed function does (models.OpenOrderStore(client)).
	Handler func(ctx context.Context, client *dynamodb.Client) (HandlerFunc, error)

	// Endpoint is the DynamoDB server's URL; empty means Endpoint().
	Endpoint string
	// Addr is the address to serve on, host:port; empty means DefaultAddr.
	// Port 0 picks a free port (see Server.URL).
	Addr string
	// Log receives the server's messages and one line per request; nil
	// means slog.Default().
	Log *slog.Logger
}

// Server is a running App.
type Server struct {
	// URL is the API's base URL: http://host:port.
	URL string
	// Tables are the app's tables on the local server.
	Tables []Table
	// Endpoint is the DynamoDB server's URL and Client talks to it.
	Endpoint string
	Client   *dynamodb.Client

	http *http.Server
	done chan error
}

// Start creates app's tables on the server at app.Endpoint (keeping tables
// that exist), sets their link environment variables in this process, builds
// the handler, and serves it on app.Addr until Shutdown. The API is ready
// when Start returns (and as soon as its port accepts connections).
func Start(ctx context.Context, app App) (*Server, error) {
	if app.Handler == nil {
		return nil, errors.New("localdev: App.Handler is nil")
	}
	logger := app.Log
	if logger == nil {
		logger = slog.Default()
	}
	endpoint, addr := app.Endpoint, app.Addr
	if endpoint == "" {
		endpoint = Endpoint()
	}
	if addr == "" {
		addr = DefaultAddr
	}
	client := Client(endpoint)
	tables, err := CreateTables(ctx, client, app.Prefix, app.Tables...)
	if err != nil {
		return nil, fmt.Errorf("%w (is DynamoDB Local running at %s?)", err, endpoint)
	}
	if err := SetEnv(tables...); err != nil {
		return nil, err
	}
	h, err := app.Handler(ctx, client)
	if err != nil {
		return nil, fmt.Errorf("localdev: building the handler: %w", err)
	}
	router, err := NewRouter(h, app.Routes...)
	if err != nil {
		return nil, err
	}
	router.Log = logger
	// Listening last: once the port accepts connections, the API is ready.
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("localdev: %w", err)
	}

	s := &Server{
		URL:      "http://" + ln.Addr().String(),
		Tables:   tables,
		Endpoint: endpoint,
		Client:   client,
		http:     &http.Server{Handler: router, ReadHeaderTimeout: 10 * time.Second},
		done:     make(chan error, 1),
	}
	go func() { s.done <- s.http.Serve(ln) }()
	return s, nil
}

// Shutdown stops accepting requests and waits for those under way, until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.http.Shutdown(ctx)
	if serr := <-s.done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// Run starts app (see Start), logs its URL, tables and routes, and serves
// until ctx ends (Ctrl-C, with signal.NotifyContext), then shuts down,
// letting requests under way finish for up to five seconds.
func Run(ctx context.Context, app App) error {
	logger := app.Log
	if logger == nil {
		logger = slog.Default()
	}
	s, err := Start(ctx, app)
	if err != nil {
		return err
	}
	for _, t := range s.Tables {
		state := "created"
		if !t.Created {
			state = "exists"
		}
		logger.Info("table "+state, "table", t.Name, "env", t.Env())
	}
	for _, r := range app.Routes {
		logger.Info("route", "key", r)
	}
	logger.Info("serving the API", "url", s.URL, "dynamodb", s.Endpoint)
	select {
	case <-ctx.Done():
	case err := <-s.done:
		s.done <- err // for Shutdown
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = s.Shutdown(shutdownCtx)
	logger.Info("stopped", "url", s.URL)
	return err
}
