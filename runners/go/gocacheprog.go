// gocacheprog: a read-only GOCACHEPROG (Go 1.24's build-cache protocol) over the build cache baked into the go
// image (oci-bundles/go/image.json compiles the standard library, testify and the other Debian Go libraries into
// it once, in the go command's own on-disk cache format). The image's root is read-only in the sandbox, so it can
// serve as GOCACHE only through a program like this one: the go command then reuses those compiled packages
// instead of compiling the standard library again in every sandbox (several seconds of CPU), and builds
// everything else (the submission) in its own temporary work directory. The program answers "get" and "close"
// only; not offering "put" makes the go command skip storing, which a sandbox that is thrown away never needs.
//
// Usage: GOCACHEPROG="/usr/local/lib/kerat/go/gocacheprog /usr/local/lib/kerat/go/cache"
package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

type request struct {
	ID       int64
	Command  string
	ActionID []byte `json:",omitempty"`
	OutputID []byte `json:",omitempty"`
	BodySize int64  `json:",omitempty"`
}

type response struct {
	ID            int64
	Err           string     `json:",omitempty"`
	KnownCommands []string   `json:",omitempty"`
	Miss          bool       `json:",omitempty"`
	OutputID      []byte     `json:",omitempty"`
	Size          int64      `json:",omitempty"`
	Time          *time.Time `json:",omitempty"`
	DiskPath      string     `json:",omitempty"`
}

// lookup reads the index entry of an action ID in the go command's disk format
// ("v1 <action hex> <output hex> <size, 20 wide> <unix nanos, 20 wide>\n" in <dir>/<xx>/<action hex>-a) and checks
// that the output file (<dir>/<yy>/<output hex>-d) is there with that size.
func lookup(dir string, action []byte, res *response) bool {
	ah := hex.EncodeToString(action)
	if len(ah) < 2 {
		return false
	}
	data, err := os.ReadFile(filepath.Join(dir, ah[:2], ah+"-a"))
	if err != nil {
		return false
	}
	f := strings.Fields(string(data))
	if len(f) != 5 || f[0] != "v1" || f[1] != ah || len(f[2]) < 2 {
		return false
	}
	out, err := hex.DecodeString(f[2])
	if err != nil {
		return false
	}
	size, err := strconv.ParseInt(f[3], 10, 64)
	if err != nil {
		return false
	}
	nanos, err := strconv.ParseInt(f[4], 10, 64)
	if err != nil {
		return false
	}
	path := filepath.Join(dir, f[2][:2], f[2]+"-d")
	if st, err := os.Stat(path); err != nil || st.Size() != size {
		return false
	}
	t := time.Unix(0, nanos)
	res.OutputID, res.Size, res.Time, res.DiskPath = out, size, &t, path
	return true
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gocacheprog CACHE_DIR")
		os.Exit(2)
	}
	dir, err := filepath.Abs(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "gocacheprog:", err)
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	send := func(r *response) {
		if err := enc.Encode(r); err == nil {
			err = w.Flush()
		}
		if err != nil {
			os.Exit(1)
		}
	}
	send(&response{ID: 0, KnownCommands: []string{"get", "close"}})
	dec := json.NewDecoder(bufio.NewReader(os.Stdin))
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			return // stdin closed: the go command is done
		}
		if req.BodySize > 0 {
			// a body follows as a base64 JSON string (only "put" has one, which is not offered): skip it
			var body []byte
			if err := dec.Decode(&body); err != nil {
				return
			}
		}
		res := response{ID: req.ID}
		switch req.Command {
		case "get":
			if !lookup(dir, req.ActionID, &res) {
				res.Miss = true
			}
		case "close":
			send(&res)
			return
		default:
			res.Err = "gocacheprog: unsupported command " + strconv.Quote(req.Command)
		}
		send(&res)
	}
}
