package load

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
)

// requestTimeout bounds one check-in, as a phone would give up.
const requestTimeout = 30 * time.Second

// restSender posts check-ins to the gateway over keep-alive connections.
type restSender struct {
	url    string
	client *http.Client
	bufs   sync.Pool
}

func newRESTSender(base string, concurrency int) *restSender {
	return &restSender{url: trimSlash(base) + "/v1/attendanceRecords", client: newHTTPClient(concurrency),
		bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
}

func trimSlash(s string) string {
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}

// body appends the JSON of a check-in, as a phone would send it.
func body(b []byte, c *caller, in checkIn) []byte {
	b = append(b, `{"clientId":"`...)
	b = append(b, in.clientID...)
	b = append(b, `","kind":"ATTENDANCE_KIND_CHECK_IN","deviceTime":"`...)
	b = in.device.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","latitude":`...)
	b = strconv.AppendFloat(b, in.lat, 'f', 7, 64)
	b = append(b, `,"longitude":`...)
	b = strconv.AppendFloat(b, in.lon, 'f', 7, 64)
	b = append(b, `,"accuracyMeters":`...)
	b = strconv.AppendFloat(b, in.accuracy, 'f', 1, 64)
	b = append(b, `,"deviceId":"`...)
	b = append(b, c.device...)
	return append(b, `"}`...)
}

func (s *restSender) send(ctx context.Context, c *caller, in checkIn) (string, error) {
	buf := s.bufs.Get().(*bytes.Buffer)
	defer s.bufs.Put(buf)
	buf.Reset()
	buf.Write(body(buf.AvailableBuffer(), c, in))
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(buf.Bytes()))
	if err != nil {
		return "transport", err
	}
	req.Header.Set("Authorization", c.bearer)
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return "transport", err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		_, err := io.Copy(io.Discard, resp.Body)
		if err != nil {
			return "transport", err
		}
		return "", nil
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1000))
	return statusClass(resp.StatusCode), fmt.Errorf("%s: %s", resp.Status, bytes.TrimSpace(raw))
}

func (s *restSender) close() { s.client.CloseIdleConnections() }

// grpcSender calls the attendance service directly, over one connection per core.
type grpcSender struct {
	conns   []*grpc.ClientConn
	clients []attendancev1.AttendanceServiceClient
	next    atomic.Uint64
}

func newGRPCSender(addr string, n int) (*grpcSender, error) {
	s := &grpcSender{}
	for range max(n, 1) {
		conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			s.close()
			return nil, fmt.Errorf("load: dialling %s: %w", addr, err)
		}
		s.conns = append(s.conns, conn)
		s.clients = append(s.clients, attendancev1.NewAttendanceServiceClient(conn))
	}
	return s, nil
}

func (s *grpcSender) send(ctx context.Context, c *caller, in checkIn) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	ctx = metadata.NewOutgoingContext(ctx, metadata.MD{"authorization": {c.bearer}})
	client := s.clients[s.next.Add(1)%uint64(len(s.clients))]
	_, err := client.RecordAttendance(ctx, &attendancev1.RecordAttendanceRequest{Record: &attendancev1.AttendanceRecord{
		ClientId:       in.clientID,
		Kind:           attendancev1.AttendanceKind_ATTENDANCE_KIND_CHECK_IN,
		DeviceTime:     timestamppb.New(in.device),
		Latitude:       in.lat,
		Longitude:      in.lon,
		AccuracyMeters: in.accuracy,
		DeviceId:       c.device,
	}})
	if err == nil {
		return "", nil
	}
	st, ok := status.FromError(err)
	if !ok {
		return "transport", err
	}
	return st.Code().String(), err
}

func (s *grpcSender) close() {
	for _, c := range s.conns {
		_ = c.Close()
	}
}
