// Package cache remembers, per model fingerprint, the files a run wrote, so a
// run whose input and generator are unchanged can verify the files on disk and
// skip rendering. It lives in the user's cache directory; when that is missing
// or unwritable, every run simply generates.
package cache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
)

// Dir is where entries live: $STELVIOGEN_CACHE_DIR, else stelviogen in the
// user's cache directory; "" (or STELVIOGEN_CACHE=off) disables the cache.
func Dir() string {
	if os.Getenv("STELVIOGEN_CACHE") == "off" {
		return ""
	}
	if dir := os.Getenv("STELVIOGEN_CACHE_DIR"); dir != "" {
		return dir
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(base, "stelviogen")
}

// Key combines the generator's identity with a model fingerprint.
func Key(fingerprint [32]byte) string {
	id := toolID()
	if id == "" {
		return ""
	}
	sum := sha256.Sum256(append([]byte(id+"\n"), fingerprint[:]...))
	return hex.EncodeToString(sum[:])
}

var toolIDOnce = sync.OnceValue(computeToolID)

func toolID() string { return toolIDOnce() }

// computeToolID names the running generator: a released module version when
// there is one, else the hash of the executable itself, so a rebuilt generator
// never reuses output of another build.
func computeToolID() string {
	// Only a module version with a checksum names its code: a replaced module
	// (a local checkout) keeps its required version however its code changes.
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Sum != "" && bi.Main.Replace == nil &&
		bi.Main.Version != "" && bi.Main.Version != "(devel)" && !strings.Contains(bi.Main.Version, "+dirty") {
		return bi.Main.Path + "@" + bi.Main.Version
	}
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	// The go command stamps every binary with a build ID that changes whenever
	// any input of the build does. Reading it is far cheaper than hashing the
	// whole executable, which remains the fallback. ELF keeps it in a note;
	// other formats as text near the start.
	if ef, err := elf.NewFile(f); err == nil {
		if sec := ef.Section(".note.go.buildid"); sec != nil {
			if data, err := sec.Data(); err == nil && len(data) > 16 {
				return "buildid:" + string(bytes.TrimRight(data[16:], "\x00"))
			}
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return ""
	}
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	if id, ok := buildID(head[:n]); ok {
		return "buildid:" + id
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return ""
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return "exe:" + hex.EncodeToString(h.Sum(nil))
}

// buildID finds the `\xff Go build ID: "..."` stamp.
func buildID(head []byte) (string, bool) {
	const prefix = "\xff Go build ID: \""
	i := bytes.Index(head, []byte(prefix))
	if i < 0 {
		return "", false
	}
	rest := head[i+len(prefix):]
	j := bytes.IndexByte(rest, '"')
	if j <= 0 {
		return "", false
	}
	return string(rest[:j]), true
}

// File is what an entry records of one generated file.
type File struct {
	Sum     [32]byte // sha256 of the content
	Size    int64
	ModTime int64 // UnixNano, as written
}

// Lookup returns the files recorded under key.
func Lookup(dir, key string) (map[string]File, bool) {
	if dir == "" || key == "" {
		return nil, false
	}
	data, err := os.ReadFile(filepath.Join(dir, key))
	if err != nil {
		return nil, false
	}
	out := map[string]File{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var sum, path string
		var f File
		n, err := fmt.Sscanf(sc.Text(), "%64s %d %d", &sum, &f.Size, &f.ModTime)
		b, herr := hex.DecodeString(sum)
		if n != 3 || err != nil || herr != nil || len(b) != 32 {
			return nil, false
		}
		f.Sum = [32]byte(b)
		// The path is the rest of the line after the third space: it may contain spaces.
		fields := strings.SplitN(sc.Text(), " ", 4)
		if len(fields) != 4 {
			return nil, false
		}
		path = fields[3]
		out[path] = f
	}
	return out, len(out) > 0
}

// Save records files under key, as they are now on disk. Failures are ignored:
// the cache only saves time.
func Save(dir, key string, files map[string][]byte) {
	if dir == "" || key == "" {
		return
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var buf bytes.Buffer
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil || info.Size() != int64(len(files[p])) {
			return // not on disk as generated: record nothing
		}
		sum := sha256.Sum256(files[p])
		fmt.Fprintf(&buf, "%s %d %d %s\n", hex.EncodeToString(sum[:]), info.Size(), info.ModTime().UnixNano(), p)
	}
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, ".entry-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(buf.Bytes())
	if cerr := tmp.Close(); werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return
	}
	if os.Rename(tmp.Name(), filepath.Join(dir, key)) != nil {
		os.Remove(tmp.Name())
	}
}

// Current reports whether every recorded file is on disk with the recorded
// content. A file whose size and modification time are as recorded is taken as
// unchanged without reading it (as make does); any other is read and hashed.
func Current(files map[string]File) bool {
	for path, want := range files {
		info, err := os.Stat(path)
		if err != nil || info.Size() != want.Size {
			return false
		}
		if info.ModTime().UnixNano() == want.ModTime {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil || sha256.Sum256(data) != want.Sum {
			return false
		}
	}
	return true
}
