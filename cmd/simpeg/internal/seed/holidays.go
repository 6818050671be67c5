package seed

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// decreeHoliday is one row of a year's decree: a national holiday or a collective leave day.
type decreeHoliday struct {
	date, name string
	collective bool
}

// decreeHolidays are, by year, the national holidays and collective leave days (cuti bersama)
// of the joint decree of three ministers (SKB 3 Menteri), as the demo loads them. The fixed-date
// national holidays (1 January, 1 May, 1 June, 17 August, 25 December) are left out: the
// attendance service knows them by itself (services/attendance/internal/domain/holiday.go,
// FixedNationalHolidays).
//
// 2026: Keputusan Bersama Menteri Agama, Menteri Ketenagakerjaan, dan Menteri Pendayagunaan
// Aparatur Negara dan Reformasi Birokrasi Nomor 1497 Tahun 2025, Nomor 2 Tahun 2025, Nomor 5
// Tahun 2025 tentang Hari Libur Nasional dan Cuti Bersama Tahun 2026, announced on 19 September
// 2025: 17 national holidays (12 of them here) and 8 collective leave days.
//
// 2027 is not here: no text of a decree for 2027 could be checked when this was written, and
// the demo does not guess lunar dates. When it is published, add its rows (and a test's count).
var decreeHolidays = map[int][]decreeHoliday{
	2026: {
		{"2026-01-16", "Isra Mikraj Nabi Muhammad SAW", false},
		{"2026-02-16", "Cuti Bersama Tahun Baru Imlek 2577 Kongzili", true},
		{"2026-02-17", "Tahun Baru Imlek 2577 Kongzili", false},
		{"2026-03-18", "Cuti Bersama Hari Suci Nyepi (Tahun Baru Saka 1948)", true},
		{"2026-03-19", "Hari Suci Nyepi (Tahun Baru Saka 1948)", false},
		{"2026-03-20", "Cuti Bersama Idulfitri 1447 Hijriah", true},
		{"2026-03-21", "Idulfitri 1447 Hijriah", false},
		{"2026-03-22", "Idulfitri 1447 Hijriah", false},
		{"2026-03-23", "Cuti Bersama Idulfitri 1447 Hijriah", true},
		{"2026-03-24", "Cuti Bersama Idulfitri 1447 Hijriah", true},
		{"2026-04-03", "Wafat Yesus Kristus", false},
		{"2026-04-05", "Kebangkitan Yesus Kristus (Paskah)", false},
		{"2026-05-14", "Kenaikan Yesus Kristus", false},
		{"2026-05-15", "Cuti Bersama Kenaikan Yesus Kristus", true},
		{"2026-05-27", "Iduladha 1447 Hijriah", false},
		{"2026-05-28", "Cuti Bersama Iduladha 1447 Hijriah", true},
		{"2026-05-31", "Hari Raya Waisak 2570 BE", false},
		{"2026-06-16", "1 Muharam Tahun Baru Islam 1448 Hijriah", false},
		{"2026-08-25", "Maulid Nabi Muhammad SAW", false},
		{"2026-12-24", "Cuti Bersama Kelahiran Yesus Kristus", true},
	},
}

// kind is the row's kind as the API names it.
func (h decreeHoliday) kind() string {
	if h.collective {
		return "HOLIDAY_KIND_COLLECTIVE"
	}
	return "HOLIDAY_KIND_NATIONAL"
}

// holidaysCSV is a year's rows as the import's CSV ("date,name,kind").
func holidaysCSV(rows []decreeHoliday) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"date", "name", "kind"}) // a strings.Builder does not fail
	for _, h := range rows {
		kind := "national"
		if h.collective {
			kind = "collective"
		}
		_ = w.Write([]string{h.date, h.name, kind})
	}
	w.Flush()
	return b.String()
}

// loadHolidays imports each year of decreeHolidays through POST /v1/holidays:import, unless
// the year's holidays already hold every row as given: then nothing is sent.
func (a *attendanceLoader) loadHolidays(ctx context.Context) error {
	years := make([]int, 0, len(decreeHolidays))
	total := 0
	for y, rows := range decreeHolidays {
		years = append(years, y)
		total += len(rows)
	}
	slices.Sort(years)
	a.st.HolidayYears = years
	a.prog.begin("holidays", total)
	defer a.prog.end()
	for _, y := range years {
		rows := decreeHolidays[y]
		var list struct {
			Holidays []struct {
				Date        string `json:"date"`
				DisplayName string `json:"displayName"`
				Kind        string `json:"kind"`
			} `json:"holidays"`
		}
		if err := a.getJSON(ctx, fmt.Sprintf("list the holidays of %d", y), "/v1/holidays?year="+strconv.Itoa(y), &list); err != nil {
			return err
		}
		stored := map[string]string{}
		for _, h := range list.Holidays {
			stored[h.Date] = h.DisplayName + "\x00" + h.Kind
		}
		same := 0
		for _, h := range rows {
			if stored[h.date] == h.name+"\x00"+h.kind() {
				same++
			}
		}
		if same == len(rows) {
			a.st.HolidaysPresent += len(rows)
			a.prog.add(len(rows))
			continue
		}
		content := holidaysCSV(rows)
		body := jsonBody(map[string]string{"format": "IMPORT_FORMAT_CSV", "content": content})
		const path = "/v1/holidays:import"
		if _, _, err := a.send(ctx, request{method: http.MethodPost, what: fmt.Sprintf("import the holidays of %d", y),
			path: path, body: body, key: idempotencyKey(path, body)}); err != nil {
			return err
		}
		a.st.HolidaysImported += len(rows)
		a.prog.add(len(rows))
	}
	return nil
}

// DecreeHolidayCount is the number of decree rows the demo loads, over every year.
func DecreeHolidayCount() int {
	n := 0
	for _, rows := range decreeHolidays {
		n += len(rows)
	}
	return n
}
