package history

import (
	"encoding/binary"
	"encoding/hex"
	"time"
)

// civil returns t's date at midnight WIB.
func civil(t time.Time) time.Time {
	t = t.In(WIB)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, WIB)
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

func at(d time.Time, h, m int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, WIB)
}

func micros(t time.Time) int64 { return t.UnixMicro() }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// uuid7 is a time-ordered UUIDv7 of t whose random bits come from h.
func uuid7(t time.Time, h uint64) [16]byte {
	var u [16]byte
	ms := uint64(t.UnixMilli())
	u[0], u[1], u[2], u[3], u[4], u[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
	binary.BigEndian.PutUint64(u[8:], h)
	u[6] = 0x70 | byte(h>>60)&0x0f
	u[7] = byte(h >> 52)
	u[8] = 0x80 | u[8]&0x3f
	return u
}

// uuid4 is a random-looking UUIDv4 from h, as a phone's client id.
func uuid4(h uint64) [16]byte {
	var u [16]byte
	binary.BigEndian.PutUint64(u[:8], h)
	binary.BigEndian.PutUint64(u[8:], h*0x9e3779b97f4a7c15^0x5bd1e995)
	u[6] = 0x40 | u[6]&0x0f
	u[8] = 0x80 | u[8]&0x3f
	return u
}

func uuidString(u [16]byte) string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}
