package golive

import (
	"os"
	"strings"
	"testing"
)

// TestReadEmployeesEducation reads employees files with and without the optional education
// column: the level is kept and sent as the API's enum, a file without the column is read as
// before, and a bad level or a wrong header is refused.
func TestReadEmployeesEducation(t *testing.T) {
	head := strings.Join(EmployeesHeader, ",")
	with := head + ",education\n" +
		"198502142010012001,Dewi Lestari,PNS,III/b,,,,,DINKES,,,2012-03-01,S1\n" +
		"198502142010012001,,,,,,,,DISKOMINFO,DISKOMINFO-APTIKA,kominfo-prakom,2019-07-15,\n" +
		"197203152000031002,Arrahman Pane,PNS,IV/c,,,,,DISKOMINFO,,,2000-03-01,\n"
	rows, bad, err := ReadEmployees("e.csv", strings.NewReader(with))
	if err != nil || len(bad) != 0 || len(rows) != 2 {
		t.Fatalf("with the column: %d rows, bad %v, %v", len(rows), bad, err)
	}
	if rows[0].Education != "s1" || len(rows[0].Postings) != 2 || rows[1].Education != "" {
		t.Errorf("rows = %+v", rows)
	}
	emp := rows[0].importRow()["employee"].(map[string]any)
	if emp["education"] != "EDUCATION_S1" {
		t.Errorf("import row education = %v", emp["education"])
	}
	if _, ok := rows[1].importRow()["employee"].(map[string]any)["education"]; ok {
		t.Errorf("an education not recorded is sent")
	}

	rows, bad, err = ReadEmployees("e.csv", strings.NewReader(head+"\n197203152000031002,Arrahman Pane,PNS,IV/c,,,,,DISKOMINFO,,,2000-03-01\n"))
	if err != nil || len(bad) != 0 || len(rows) != 1 || rows[0].Education != "" {
		t.Fatalf("without the column: %+v, bad %v, %v", rows, bad, err)
	}

	_, bad, err = ReadEmployees("e.csv", strings.NewReader(head+",education\n197203152000031002,Arrahman Pane,PNS,IV/c,,,,,DISKOMINFO,,,2000-03-01,sarjana\n"+
		"198502142010012001,Dewi Lestari,PNS,III/b,,,,,DINKES,,,2012-03-01\n"))
	if err != nil || len(bad) != 2 || bad[0].Field != "education" || bad[0].Line != 2 || bad[1].Field != "row" || bad[1].Line != 3 {
		t.Errorf("bad level and a short row: %v, %v", bad, err)
	}
	if _, _, err := ReadEmployees("e.csv", strings.NewReader(head+",pendidikan\n")); err == nil ||
		!strings.Contains(err.Error(), "then optionally education") {
		t.Errorf("a wrong extra column: %v", err)
	}
}

// TestWriteEmployeesEducation writes an employees file and reads it back with its education.
func TestWriteEmployeesEducation(t *testing.T) {
	path := t.TempDir() + "/employees.csv"
	in := []EmployeeRow{{Line: 2, NIP: "198502142010012001", FullName: "Dewi Lestari", Type: "PNS", Rank: "III/b", Education: "d3",
		Postings: []Posting{{Line: 2, Agency: "DINKES", Start: "2012-03-01"}, {Line: 3, Agency: "DISKOMINFO", Start: "2019-07-15"}}}}
	if err := WriteEmployees(path, in); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out, bad, err := ReadEmployees(path, f)
	if err != nil || len(bad) != 0 || len(out) != 1 || out[0].Education != "d3" || len(out[0].Postings) != 2 {
		t.Fatalf("read back %+v, bad %v, %v", out, bad, err)
	}
}
