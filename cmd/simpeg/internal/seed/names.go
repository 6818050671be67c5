package seed

import "strings"

// This file builds plausible names for Medan, a city of Batak (Toba, Karo, Mandailing,
// Simalungun), Javanese, Malay, Minangkabau, Chinese-Indonesian, Acehnese and Nias people.
// The lists are illustrative and any resemblance to real persons is coincidental.

// ethnicity describes how people of one background are commonly named.
type ethnicity struct {
	weight  int
	muslim  bool     // whether the haji titles (H., Hj.) fit
	male    []string // given names of men
	female  []string // given names of women
	secondM []string // second given names of men; nil for none
	secondF []string // second given names of women; nil for none
	family  []string // family names (marga, clan or surname); nil for none
	boru    bool     // women may write "br." before the marga
	noble   [2]string
	nobleP  float64 // share carrying the noble prefix (Teuku/Cut, Tengku)
	secondP float64 // share with a second given name
	familyP float64 // share with a family name
}

var ethnicities = []ethnicity{
	{ // Batak Toba and Simalungun
		weight:  17,
		male:    []string{"Parlindungan", "Maruli", "Togar", "Hotman", "Sahat", "Jonner", "Bonar", "Martua", "Poltak", "Tigor", "Binsar", "Robert", "Frans", "Johannes", "Daniel", "Samuel", "Rudi", "Henri", "Jefri", "Roy", "Ricky", "Hendrik", "Benny", "Fernando", "Yosua", "Andreas", "Marihot", "Halomoan", "Tumpal", "Partogi", "Gomgom", "Washington"},
		female:  []string{"Tiurma", "Rosmawati", "Hotmaida", "Debora", "Lisbet", "Rosdiana", "Marlina", "Erika", "Sondang", "Lamria", "Romauli", "Maria", "Yohana", "Ester", "Friska", "Melva", "Sarma", "Tetty", "Riris", "Evi", "Lenny", "Monalisa", "Junita", "Risma", "Veronika", "Agnes", "Nurmala", "Rotua"},
		secondM: []string{"Hasudungan", "Parulian", "Tua", "Mangasi", "Sahala"},
		secondF: []string{"Maria", "Uli", "Natalia", "Sarma"},
		family:  []string{"Simanjuntak", "Sitorus", "Pardede", "Hutapea", "Sinaga", "Tambunan", "Panjaitan", "Simatupang", "Sihombing", "Manurung", "Situmorang", "Silalahi", "Napitupulu", "Gultom", "Marpaung", "Lumbantobing", "Hutagalung", "Siahaan", "Sianturi", "Simbolon", "Sitompul", "Nainggolan", "Pangaribuan", "Hutabarat", "Siagian", "Butarbutar", "Manullang", "Aritonang", "Sihotang", "Pasaribu", "Simamora", "Saragih", "Damanik", "Purba", "Girsang", "Sipayung"},
		boru:    true, secondP: 0.3, familyP: 1,
	},
	{ // Batak Karo
		weight: 9,
		male:   []string{"Erwin", "Darwin", "Edison", "Malem", "Kristian", "Tomi", "Jusuf", "Dedi", "Eben", "Petrus", "Ramli", "Sentosa", "Arih", "Nuah", "Rasken", "Bastanta"},
		female: []string{"Ulina", "Rosita", "Lusiana", "Masta", "Natalia", "Ernawati", "Juliana", "Dameria", "Rasmi", "Sri Ulina", "Ita", "Mehamat", "Rimenda", "Nirmala"},
		family: []string{"Ginting", "Tarigan", "Sembiring", "Perangin-angin", "Karo-karo", "Sitepu", "Barus", "Surbakti", "Keliat", "Bangun", "Sinulingga", "Meliala", "Brahmana", "Pelawi", "Sebayang", "Milala"},
		boru:   true, familyP: 1,
	},
	{ // Batak Mandailing and Angkola
		weight: 14, muslim: true,
		male:    []string{"Ahmad", "Muhammad", "Syahrul", "Irwansyah", "Zulkarnain", "Khairul", "Rahmad", "Ridwan", "Arifin", "Syaiful", "Hasan", "Amiruddin", "Ali Imran", "Faisal", "Rizki", "Fadly", "Taufik", "Ikhsan", "Abdul Halim", "Ismail", "Yusuf", "Sutan", "Mara", "Baginda"},
		female:  []string{"Nurhayati", "Siti Aisyah", "Fitri", "Nur Aini", "Rahmawati", "Lela", "Erni", "Asmidar", "Nurlela", "Yusnita", "Rosmaini", "Hafsah", "Mahdalena", "Laila", "Khairani", "Nurul Hidayah", "Annisa", "Putri", "Sahara", "Masdalifah"},
		secondM: []string{"Hamonangan", "Nasrun", "Effendi", "Syahputra", "Saleh", "Rizal"},
		secondF: []string{"Wahyuni", "Sari", "Hanum", "Syahfitri"},
		family:  []string{"Nasution", "Harahap", "Lubis", "Siregar", "Hasibuan", "Rangkuti", "Daulay", "Pulungan", "Batubara", "Matondang", "Pohan", "Dalimunthe", "Ritonga", "Tanjung", "Parinduri", "Rambe", "Hutasuhut"},
		secondP: 0.35, familyP: 0.95,
	},
	{ // Javanese
		weight: 26, muslim: true,
		male:    []string{"Budi", "Agus", "Joko", "Eko", "Wahyu", "Bambang", "Teguh", "Dwi", "Heru", "Yudi", "Rudi", "Bayu", "Ari", "Fajar", "Hendro", "Sigit", "Slamet", "Suryo", "Tri", "Adi", "Dedi", "Iwan", "Sugeng", "Hadi", "Sugiarto", "Suprapto", "Sutrisno", "Suyanto", "Sumarno", "Paijo", "Ponirin", "Legiman"},
		female:  []string{"Sri", "Dwi", "Tri", "Rini", "Endang", "Sulastri", "Wulan", "Ayu", "Dewi", "Retno", "Yuni", "Ratna", "Siti", "Puji", "Eka", "Indah", "Sumiati", "Suwarni", "Ngatini", "Tumini"},
		secondM: []string{"Santoso", "Setiawan", "Susilo", "Prasetyo", "Hidayat", "Wibowo", "Cahyono", "Purnomo", "Hartono", "Kurniawan", "Nugroho", "Wahyudi", "Pranoto", "Riyadi", "Saputra", "Utomo"},
		secondF: []string{"Wahyuni", "Lestari", "Handayani", "Rahayu", "Wulandari", "Astuti", "Susanti", "Kusumawati", "Purwanti", "Suryani", "Widyastuti", "Setyaningsih", "Hartati", "Pratiwi", "Anggraini"},
		secondP: 0.8,
	},
	{ // Malay (Deli)
		weight: 10, muslim: true,
		male:    []string{"Azhar", "Fauzi", "Syafrizal", "Rizal", "Zulfikar", "Azmi", "Ismail", "Mahmud", "Hamdan", "Zainal Abidin", "Syamsul Bahri", "Khairul Anwar", "Ilham", "Rahmat", "Darwis", "Hasnul", "Zulkifli", "Amran"},
		female:  []string{"Siti Rahmah", "Rahmah", "Nurhasanah", "Zuraidah", "Salmah", "Halimah", "Rosnah", "Faridah", "Zubaidah", "Maimunah", "Fatimah", "Nur Azizah", "Syarifah", "Nurul Aini", "Zahra"},
		secondM: []string{"Effendi", "Syahputra", "Syahrial", "Hamid", "Rahman", "Yusuf", "Amri"},
		secondF: []string{"Hanum", "Wati", "Syahfitri", "Aini", "Rahmadani"},
		noble:   [2]string{"Tengku", "Tengku"}, nobleP: 0.08, secondP: 0.6,
	},
	{ // Minangkabau
		weight: 9, muslim: true,
		male:    []string{"Yusrizal", "Afrizal", "Syafruddin", "Nofriadi", "Zulhendri", "Deswandi", "Hendri", "Ardiansyah", "Jasman", "Erizal", "Fadli", "Indra", "Alfian", "Defri", "Yudhi", "Irwan"},
		female:  []string{"Yulia", "Desmawati", "Rahmi", "Yelni", "Nofrita", "Elfi", "Yusnidar", "Erlina", "Vivi", "Yenni", "Fitria", "Rosnida", "Misnawati", "Zurmaini"},
		secondM: []string{"Jaya", "Hidayat", "Putra", "Mulyadi"},
		secondF: []string{"Fitri", "Yanti", "Sari"},
		family:  []string{"Chaniago", "Piliang", "Koto", "Sikumbang", "Tanjung", "Jambak"},
		secondP: 0.4, familyP: 0.2,
	},
	{ // Chinese-Indonesian
		weight:  6,
		male:    []string{"Hendra", "Susanto", "Hartono", "Gunawan", "Steven", "Jimmy", "Ferry", "Hendrik", "Wilson", "Johan", "Kevin", "Andi", "Sonny", "Budiman", "Edy", "Tommy", "Rudy", "Alvin"},
		female:  []string{"Liliana", "Vivian", "Wenny", "Lina", "Susan", "Melinda", "Yenny", "Meiliana", "Jessica", "Cindy", "Fenny", "Irene", "Sylvia", "Linda", "Elvina", "Sherly"},
		family:  []string{"Wijaya", "Halim", "Tanjaya", "Salim", "Tjandra", "Kurniawan", "Gunawan", "Santoso", "Lim", "Tan", "Lie", "Chandra", "Sutanto", "Hartanto", "Widjaja", "Tanoto", "Setiadi"},
		familyP: 0.9,
	},
	{ // Acehnese
		weight: 7, muslim: true,
		male:    []string{"Munawar", "Fadhil", "Zulfahmi", "Mukhlis", "Raihan", "Iqbal", "Azwar", "Fakhrurrazi", "Syukri", "Murdani", "Mahyuddin", "Nasrullah", "Safrizal", "Khalid", "Rizky"},
		female:  []string{"Nurlaili", "Safrina", "Rahmi", "Fitriani", "Nurjannah", "Mutia", "Rauzah", "Zahara", "Maulidar", "Husna", "Nurul Fajri", "Mutiara", "Ainun"},
		secondM: []string{"Ramadhan", "Muhammad", "Saputra", "Husaini"},
		secondF: []string{"Hayati", "Mardhatillah", "Fadhilah"},
		noble:   [2]string{"Teuku", "Cut"}, nobleP: 0.15, secondP: 0.5,
	},
	{ // Nias
		weight:  2,
		male:    []string{"Yanto", "Faozanolo", "Sozisokhi", "Yupiter", "Natalis", "Arozatulo"},
		female:  []string{"Yasmin", "Melisa", "Foziduhu", "Nurhayati", "Kristina"},
		family:  []string{"Zebua", "Harefa", "Telaumbanua", "Zalukhu", "Laia", "Halawa", "Gulo", "Waruwu"},
		familyP: 1,
	},
}

// ethnicityTotal is the sum of the ethnicity weights.
var ethnicityTotal = func() int {
	n := 0
	for _, e := range ethnicities {
		n += e.weight
	}
	return n
}()

// person is a generated name.
type person struct {
	name   string
	muslim bool
}

// newName draws a full name without titles.
func (g *gen) newName(female bool) person {
	x := g.r.IntN(ethnicityTotal)
	var e *ethnicity
	for i := range ethnicities {
		if x < ethnicities[i].weight {
			e = &ethnicities[i]
			break
		}
		x -= ethnicities[i].weight
	}
	var b strings.Builder
	if e.nobleP > 0 && g.r.Float64() < e.nobleP {
		if female {
			b.WriteString(e.noble[1])
		} else {
			b.WriteString(e.noble[0])
		}
		b.WriteByte(' ')
	}
	given := e.male
	if female {
		given = e.female
	}
	first := pick(g, given)
	b.WriteString(first)
	second := e.secondM
	if female {
		second = e.secondF
	}
	if len(second) > 0 && g.r.Float64() < e.secondP {
		if s := pick(g, second); s != first {
			b.WriteByte(' ')
			b.WriteString(s)
		}
	}
	if len(e.family) > 0 && g.r.Float64() < e.familyP {
		b.WriteByte(' ')
		if female && e.boru && g.r.IntN(10) < 4 {
			b.WriteString("br. ")
		}
		b.WriteString(pick(g, e.family))
	}
	return person{name: b.String(), muslim: e.muslim}
}

// pick returns a random element of xs.
func pick[T any](g *gen, xs []T) T {
	return xs[g.r.IntN(len(xs))]
}
