package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/simpeg-id/simpeg/platform/bus"
)

// natsKeyDir is where the all-in-one binary keeps its services' NATS identities.
func (c Config) natsKeyDir() string { return filepath.Join(c.DataDir, "keys", "nats") }

// embeddedUsers gives every service of the table its own NATS identity for the embedded server:
// the seed of its SIMPEG_<NAME>_NATS_NKEY_SEED_FILE setting, or <data dir>/keys/nats/<name>.nk,
// created (0600) on first start. Each is admitted with the permissions of its Spec
// (bus.ServicePermissions: its own subjects and stream, the consumers of Spec.Follows), and the
// service connects with it. The server admits no one else but cfg's guests (tests only).
func embeddedUsers(cfg *Settings) ([]bus.User, error) {
	var users []bus.User
	for _, svc := range cfg.Services {
		spec, id := svc.Spec(), &svc.Base().NATS
		if id.SeedFile == "" {
			id.SeedFile = filepath.Join(cfg.natsKeyDir(), spec.Name+".nk")
		}
		pub, err := bus.LoadOrCreateSeed(id.SeedFile)
		if err != nil {
			return nil, fmt.Errorf("preparing the %s service's nats identity: %w", spec.Name, err)
		}
		users = append(users, bus.User{PublicKey: pub, Permissions: bus.ServicePermissions(cfg.NATSPrefix, spec.Name, spec.Follows...)})
	}
	return append(users, cfg.natsGuests...), nil
}

// nkeyCmd creates a NATS NKey user seed for a service of a distributed deployment: it writes
// the seed (the service's secret, for SIMPEG_<NAME>_NATS_NKEY_SEED_FILE) to --out with mode
// 0600 and prints the public key, which goes into the NATS server's authorization block
// (deploy/nats). An existing file is not overwritten: its public key is printed.
func nkeyCmd(args []string) error {
	fs := flag.NewFlagSet("simpeg nkey", flag.ContinueOnError)
	out := fs.String("out", "", "file to write the seed to (required), e.g. planning.nk")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("--out is required: the file the seed is written to")
	}
	pub, err := bus.LoadOrCreateSeed(*out)
	if err != nil {
		return err
	}
	fmt.Fprintln(os.Stdout, strings.TrimSpace(pub))
	return nil
}
