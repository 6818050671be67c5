package seed

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// site is where an agency's demo office stands, in decimal degrees.
type site struct{ lat, lon float64 }

// officeSites are the demo offices' positions: the city agencies spread over central Medan
// around the city hall on Jl. Kapten Maulana Lubis, each kecamatan's office roughly in its
// district, from Medan Tuntungan in the south to Medan Belawan on the coast. They are
// illustrative, not the offices' real addresses, and the offices' names say so. No two are
// closer than 250 m, so the default 100 m geofences never overlap.
var officeSites = map[string]site{
	"SETDA":              {3.5906, 98.6775},
	"SETWAN":             {3.5932, 98.6722},
	"INSPEKTORAT":        {3.5858, 98.6702},
	"BAPPEDA":            {3.5951, 98.6812},
	"BKPSDM":             {3.5987, 98.6758},
	"BPKAD":              {3.5871, 98.6829},
	"BAPENDA":            {3.5832, 98.6641},
	"BPBD":               {3.6041, 98.6695},
	"SATPOLPP":           {3.5862, 98.6893},
	"DISDIK":             {3.5771, 98.6608},
	"DINKES":             {3.5650, 98.6625},
	"RSUD-PIRNGADI":      {3.5966, 98.6905},
	"DPUPRPKP":           {3.5679, 98.6781},
	"DINSOSP2KBP3A":      {3.6096, 98.6617},
	"DISNAKERKOPERINDAG": {3.5808, 98.6962},
	"DLH":                {3.5611, 98.6853},
	"DISDUKCAPIL":        {3.5994, 98.6603},
	"DISHUB":             {3.6112, 98.6838},
	"DISKOMINFO":         {3.5896, 98.6739},

	"KEC-MEDAN-AMPLAS":     {3.5381, 98.7143},
	"KEC-MEDAN-AREA":       {3.5795, 98.7041},
	"KEC-MEDAN-BARAT":      {3.6063, 98.6741},
	"KEC-MEDAN-BARU":       {3.5712, 98.6563},
	"KEC-MEDAN-BELAWAN":    {3.7763, 98.6838},
	"KEC-MEDAN-DELI":       {3.6612, 98.6882},
	"KEC-MEDAN-DENAI":      {3.5686, 98.7221},
	"KEC-MEDAN-HELVETIA":   {3.6072, 98.6338},
	"KEC-MEDAN-JOHOR":      {3.5297, 98.6693},
	"KEC-MEDAN-KOTA":       {3.5748, 98.6909},
	"KEC-MEDAN-LABUHAN":    {3.7204, 98.6796},
	"KEC-MEDAN-MAIMUN":     {3.5773, 98.6811},
	"KEC-MEDAN-MARELAN":    {3.7052, 98.6552},
	"KEC-MEDAN-PERJUANGAN": {3.6041, 98.7013},
	"KEC-MEDAN-PETISAH":    {3.5881, 98.6588},
	"KEC-MEDAN-POLONIA":    {3.5587, 98.6728},
	"KEC-MEDAN-SELAYANG":   {3.5493, 98.6401},
	"KEC-MEDAN-SUNGGAL":    {3.5806, 98.6187},
	"KEC-MEDAN-TEMBUNG":    {3.6013, 98.7229},
	"KEC-MEDAN-TIMUR":      {3.6121, 98.6929},
	"KEC-MEDAN-TUNTUNGAN":  {3.5107, 98.6254},
}

// officeID is the id of an agency's demo office: "kantor-" and the code in lower case.
func officeID(agency string) string { return "kantor-" + strings.ToLower(agency) }

// officeName is the display name of an agency's demo office.
func officeName(agencyName string) string { return "Kantor " + agencyName + " (lokasi ilustratif)" }

// loadOffices creates an office for every top-level agency of the data set, at officeSites,
// with the default geofence radius and WIB. An office that exists already (HTTP 409, or the
// first answer again) is left as it is, whatever it says now.
func (a *attendanceLoader) loadOffices(ctx context.Context) error {
	tops := a.d.topAgencies()
	for _, ag := range tops {
		if _, ok := a.d.officeSite(ag.code); !ok {
			return fmt.Errorf("seed: agency %s has no demo office site", ag.code)
		}
	}
	a.prog.begin("offices", len(tops))
	defer a.prog.end()
	created := make([]bool, len(tops))
	err := a.parallel(ctx, len(tops), func(ctx context.Context, i int) error {
		ag := tops[i]
		s, _ := a.d.officeSite(ag.code)
		body := jsonBody(map[string]any{
			"displayName": officeName(ag.name), "agency": ag.code,
			"latitude": s.lat, "longitude": s.lon, "timeZone": "TIME_ZONE_WIB",
		})
		path := "/v1/offices?officeId=" + url.QueryEscape(officeID(ag.code))
		status, resp, err := a.send(ctx, request{method: http.MethodPost, what: "create the office of " + ag.code, path: path,
			body: body, key: idempotencyKey(path, body), allowConflict: true})
		if err != nil {
			return err
		}
		// A retry within the idempotency key's retention is answered with the first answer: an
		// office created before this run.
		var o struct {
			CreateTime time.Time `json:"createTime"`
		}
		created[i] = status != http.StatusConflict && json.Unmarshal(resp, &o) == nil && !a.earlier(o.CreateTime)
		a.prog.add(1)
		return nil
	})
	for _, c := range created {
		if c {
			a.st.OfficesCreated++
		}
	}
	if err == nil {
		a.st.OfficesPresent = len(tops) - a.st.OfficesCreated
	}
	return err
}
