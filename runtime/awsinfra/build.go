package awsinfra

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Architecture is a Lambda instruction set architecture.
type Architecture string

const (
	ArchARM64  Architecture = "arm64"  // Graviton; the default
	ArchX86_64 Architecture = "x86_64" // Intel/AMD
)

// goarch maps a Lambda architecture to GOARCH.
func (a Architecture) goarch() (string, error) {
	switch a {
	case ArchARM64:
		return "arm64", nil
	case ArchX86_64:
		return "amd64", nil
	}
	return "", fmt.Errorf("unknown Lambda architecture %q: use %q or %q", string(a), ArchARM64, ArchX86_64)
}

// BuildError is a failed handler build; Output is what the go command printed.
type BuildError struct {
	Handler string
	Output  string
	Err     error
}

func (e *BuildError) Error() string {
	return fmt.Sprintf("building Lambda handler %s: %v\n%s", e.Handler, e.Err, strings.TrimSpace(e.Output))
}

func (e *BuildError) Unwrap() error { return e.Err }

// zipTime is the fixed modification time of the archive entry, so the same binary always
// gives the same zip bytes and Pulumi sees no change. (ZIP dates start in 1980.)
var zipTime = time.Date(1990, time.January, 1, 0, 0, 0, 0, time.UTC)

// BuildHandler builds the Go main package handler for Lambda and writes it, as the single
// executable entry "bootstrap", into outDir/bootstrap.zip, whose path it returns.
//
// handler is a directory (built from inside it, so it may be its own module) or a package
// path resolved from the current directory. The build is
//
//	GOOS=linux GOARCH=<arch> CGO_ENABLED=0 go build -tags lambda.norpc -trimpath -buildvcs=false -ldflags="-s -w" -o bootstrap
//
// which is reproducible: the same sources give the same zip bytes.
func BuildHandler(ctx context.Context, handler string, arch Architecture, outDir string) (string, error) {
	if handler == "" {
		return "", &BuildError{Handler: handler, Err: fmt.Errorf("no handler package given")}
	}
	goarch, err := arch.goarch()
	if err != nil {
		return "", &BuildError{Handler: handler, Err: err}
	}
	bin := filepath.Join(outDir, "bootstrap")
	args := []string{"build", "-tags", "lambda.norpc", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", bin}
	cmd := exec.CommandContext(ctx, "go")
	if st, err := os.Stat(handler); err == nil && st.IsDir() {
		cmd.Dir = handler
		args = append(args, ".")
	} else {
		args = append(args, handler)
	}
	cmd.Args = append(cmd.Args, args...)
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+goarch, "CGO_ENABLED=0")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", &BuildError{Handler: handler, Output: out.String(), Err: err}
	}
	zipPath := filepath.Join(outDir, "bootstrap.zip")
	if err := zipBootstrap(bin, zipPath); err != nil {
		return "", &BuildError{Handler: handler, Err: err}
	}
	return zipPath, nil
}

// zipBootstrap writes bin as the executable entry "bootstrap" with a fixed timestamp.
// Pulumi uploads a .zip FileArchive byte for byte, so the mode bits survive.
func zipBootstrap(bin, zipPath string) (err error) {
	src, err := os.Open(bin)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(zipPath)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
	}()
	zw := zip.NewWriter(dst)
	fh := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate, Modified: zipTime}
	fh.SetMode(0o755)
	w, err := zw.CreateHeader(fh)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, src); err != nil {
		return err
	}
	return zw.Close()
}
