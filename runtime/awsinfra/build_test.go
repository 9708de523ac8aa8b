package awsinfra

import (
	"archive/zip"
	"bytes"
	"context"
	"debug/elf"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stelviogen/stelviogen/runtime/awsinfra/awsinfratest"
)

// readBootstrap opens a deployment zip and returns its only entry, which must be an
// executable named bootstrap.
func readBootstrap(t *testing.T, zipPath string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if len(zr.File) != 1 || zr.File[0].Name != "bootstrap" {
		t.Fatalf("zip entries = %v, want only bootstrap", zr.File)
	}
	if mode := zr.File[0].Mode(); mode.Perm() != 0o755 {
		t.Errorf("bootstrap mode = %v, want -rwxr-xr-x (Lambda must execute it)", mode)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func elfMachine(t *testing.T, bin []byte) elf.Machine {
	t.Helper()
	f, err := elf.NewFile(bytes.NewReader(bin))
	if err != nil {
		t.Fatalf("bootstrap is not an ELF binary: %v", err)
	}
	if f.Type != elf.ET_EXEC || f.OSABI != elf.ELFOSABI_NONE {
		t.Errorf("bootstrap ELF type %v, OS ABI %v, want a Linux executable", f.Type, f.OSABI)
	}
	// -ldflags=-s strips the symbol table.
	if _, err := f.Symbols(); !errors.Is(err, elf.ErrNoSymbols) {
		t.Errorf("bootstrap has a symbol table (err %v); want it stripped", err)
	}
	return f.Machine
}

// A function awsinfratest.Resource from a handler directory deploys the built binary.
func TestNewFunctionBuildsHandler(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir()) // where NewFunction puts the zip
	m := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewFunction(ctx, "hello", FunctionArgs{Handler: "./testdata/hello"})
		return err
	})
	code := m.One(t, awsinfratest.TokFunction, "hello").Inputs["code"]
	if !code.IsArchive() {
		t.Fatalf("code = %v, want an archive", code)
	}
	zipPath := code.ArchiveValue().Path
	if filepath.Base(zipPath) != "bootstrap.zip" {
		t.Fatalf("code archive = %q, want a bootstrap.zip file", zipPath)
	}
	if m := elfMachine(t, readBootstrap(t, zipPath)); m != elf.EM_AARCH64 {
		t.Errorf("default build machine = %v, want arm64", m)
	}
}

func TestBuildHandlerIsReproducible(t *testing.T) {
	a, err := BuildHandler(context.Background(), "./testdata/hello", ArchARM64, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b, err := BuildHandler(context.Background(), "./testdata/hello", ArchARM64, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	za, _ := os.ReadFile(a)
	zb, _ := os.ReadFile(b)
	if !bytes.Equal(za, zb) {
		t.Errorf("two builds of the same handler differ: Pulumi would redeploy on every run")
	}
}

// A handler outside the program's module (its own go.mod) builds from its directory, and
// the x86_64 architecture gives an amd64 binary.
func TestBuildHandlerOwnModuleX86(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/fn\n\ngo 1.26\n")
	write(t, filepath.Join(dir, "main.go"), "package main\n\nfunc main() {}\n")
	zipPath, err := BuildHandler(context.Background(), dir, ArchX86_64, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if m := elfMachine(t, readBootstrap(t, zipPath)); m != elf.EM_X86_64 {
		t.Errorf("machine = %v, want x86-64", m)
	}
}

// A package path (not a directory) is resolved from the current directory's module.
func TestBuildHandlerPackagePath(t *testing.T) {
	zipPath, err := BuildHandler(context.Background(), "github.com/stelviogen/stelviogen/runtime/awsinfra/testdata/hello", ArchARM64, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if m := elfMachine(t, readBootstrap(t, zipPath)); m != elf.EM_AARCH64 {
		t.Errorf("machine = %v, want arm64", m)
	}
}

func TestBuildHandlerReportsCompileErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/fn\n\ngo 1.26\n")
	write(t, filepath.Join(dir, "main.go"), "package main\n\nfunc main() { undefinedThing() }\n")
	t.Setenv("TMPDIR", t.TempDir())
	_, err := awsinfratest.RunErr(func(ctx *pulumi.Context) error {
		_, err := NewFunction(ctx, "broken", FunctionArgs{Handler: dir})
		return err
	})
	var be *BuildError
	if !errors.As(err, &be) {
		t.Fatalf("error = %v, want a BuildError", err)
	}
	if be.Handler != dir || !strings.Contains(be.Output, "undefined: undefinedThing") {
		t.Errorf("BuildError = %+v, want the compiler's message for %s", be, dir)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
