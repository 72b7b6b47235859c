"""Word lists for realistic demo delegates: Kalimantan Timur's regions, ormas, names, titles."""

from __future__ import annotations

#: 2020 census population in thousands: how the 550 kabupaten/kota seats are shared out.
POPULATION = {
    "Kota Samarinda": 828,
    "Kabupaten Kutai Kartanegara": 729,
    "Kota Balikpapan": 688,
    "Kabupaten Kutai Timur": 434,
    "Kabupaten Paser": 275,
    "Kabupaten Berau": 248,
    "Kota Bontang": 179,
    "Kabupaten Penajam Paser Utara": 179,
    "Kabupaten Kutai Barat": 166,
    "Kabupaten Mahakam Ulu": 33,
}


PROVINCE_SHARE = 200 / 750


#: Kecamatan and kelurahan that local ormas are named after.
PLACES = {
    "Provinsi Kalimantan Timur": "Kalimantan Timur|Kaltim|Bumi Etam|Benua Etam|Borneo Timur",
    "Kota Samarinda": "Samarinda|Samarinda Ulu|Samarinda Ilir|Samarinda Seberang|Sungai Kunjang|"
    "Sambutan|Sungai Pinang|Palaran|Loa Janan Ilir|Sempaja|Lempake|Air Hitam|Karang Asam|"
    "Teluk Lerong|Gunung Kelua|Sidomulyo|Tanah Merah|Bukuan",
    "Kota Balikpapan": "Balikpapan|Balikpapan Selatan|Balikpapan Utara|Balikpapan Timur|"
    "Balikpapan Barat|Balikpapan Tengah|Klandasan|Gunung Sari|Sepinggan|Manggar|Karang Joang|"
    "Baru Ulu|Margasari|Damai|Gunung Bahagia|Batu Ampar",
    "Kabupaten Kutai Kartanegara": "Kutai Kartanegara|Tenggarong|Tenggarong Seberang|Loa Kulu|"
    "Loa Janan|Sanga-Sanga|Muara Jawa|Samboja|Anggana|Muara Badak|Marangkayu|Sebulu|"
    "Muara Kaman|Kota Bangun|Kenohan|Kembang Janggut|Tabang|Muara Muntai",
    "Kabupaten Kutai Timur": "Kutai Timur|Sangatta|Sangatta Utara|Sangatta Selatan|Bengalon|"
    "Muara Wahau|Kongbeng|Rantau Pulung|Kaliorang|Sangkulirang|Kaubun|Muara Ancalong|Busang|"
    "Teluk Pandan",
    "Kabupaten Berau": "Berau|Tanjung Redeb|Sambaliung|Gunung Tabur|Teluk Bayur|Talisayan|"
    "Biduk-Biduk|Segah|Kelay|Pulau Derawan|Maratua|Batu Putih|Biatan|Tabalar",
    "Kabupaten Paser": "Paser|Tanah Grogot|Long Ikis|Long Kali|Kuaro|Batu Sopang|Muara Komam|"
    "Pasir Belengkong|Batu Engau|Tanjung Harapan|Muara Samu",
    "Kabupaten Penajam Paser Utara": "Penajam Paser Utara|Penajam|Waru|Babulu|Sepaku|Petung|"
    "Nipah-Nipah|Sotek|Girimukti",
    "Kabupaten Kutai Barat": "Kutai Barat|Sendawar|Barong Tongkok|Melak|Linggang Bigung|"
    "Long Iram|Bentian Besar|Muara Lawa|Nyuatan|Siluq Ngurai|Bongan|Jempang|Muara Pahu|Tering",
    "Kabupaten Mahakam Ulu": "Mahakam Ulu|Long Bagun|Long Hubung|Laham|Long Apari|"
    "Long Pahangai|Ujoh Bilang",
    "Kota Bontang": "Bontang|Bontang Utara|Bontang Selatan|Bontang Barat|Loktuan|Tanjung Laut|"
    "Berbas|Guntung|Api-Api|Gunung Elai",
}


#: National ormas: (province-level body, kabupaten/kota-level body); {p} is the place.
NATIONAL_ORMAS = (
    ("DPD KNPI Provinsi Kalimantan Timur", "DPD KNPI {p}"),
    ("PW GP Ansor Kalimantan Timur", "PC GP Ansor {p}"),
    ("MPW Pemuda Pancasila Kalimantan Timur", "MPC Pemuda Pancasila {p}"),
    ("PD GM FKPPI Kalimantan Timur", "PC GM FKPPI {p}"),
    ("DPD GAMKI Kalimantan Timur", "DPC GAMKI {p}"),
    ("PW Muhammadiyah Kalimantan Timur", "PD Muhammadiyah {p}"),
    ("PWNU Kalimantan Timur", "PCNU {p}"),
    ("PW Aisyiyah Kalimantan Timur", "PD Aisyiyah {p}"),
    ("PW Muslimat NU Kalimantan Timur", "PC Muslimat NU {p}"),
    ("PW Fatayat NU Kalimantan Timur", "PC Fatayat NU {p}"),
    ("PW Pemuda Muhammadiyah Kalimantan Timur", "PD Pemuda Muhammadiyah {p}"),
    ("PW Nasyiatul Aisyiyah Kalimantan Timur", "PD Nasyiatul Aisyiyah {p}"),
    ("MW KAHMI Kalimantan Timur", "MD KAHMI {p}"),
    ("DPW LDII Kalimantan Timur", "DPD LDII {p}"),
    ("Komda Pemuda Katolik Kalimantan Timur", "Komcab Pemuda Katolik {p}"),
    ("MPW Pemuda Panca Marga Kalimantan Timur", "MPC Pemuda Panca Marga {p}"),
    ("FKUB Provinsi Kalimantan Timur", "FKUB {p}"),
    ("MUI Provinsi Kalimantan Timur", "MUI {p}"),
    ("PGIW Kalimantan Timur", "PGIS {p}"),
    ("PHDI Provinsi Kalimantan Timur", "PHDI {p}"),
    ("Karang Taruna Provinsi Kalimantan Timur", "Karang Taruna {p}"),
    ("Dewan Adat Dayak Provinsi Kalimantan Timur", "Dewan Adat Dayak {p}"),
    ("BPW KKSS Kalimantan Timur", "BPD KKSS {p}"),
    ("Markas Daerah Laskar Merah Putih Kalimantan Timur", "Markas Cabang Laskar Merah Putih {p}"),
    ("DPW BKPRMI Kalimantan Timur", "DPD BKPRMI {p}"),
    ("DPW Hidayatullah Kalimantan Timur", "DPD Hidayatullah {p}"),
    ("DPD Pemuda Batak Bersatu Kalimantan Timur", "DPC Pemuda Batak Bersatu {p}"),
    ("PW Wanita Katolik RI Kalimantan Timur", "DPC Wanita Katolik RI {p}"),
    ("DPD Perempuan Indonesia Raya Kalimantan Timur", "DPC Perempuan Indonesia Raya {p}"),
    ("PW Persis Kalimantan Timur", "PD Persis {p}"),
)


#: Local ormas stems, each followed by a place name.
LOCAL_STEMS = tuple(
    "Kerukunan Keluarga Bugis|Kerukunan Keluarga Banjar|Kerukunan Keluarga Jawa|"
    "Kerukunan Keluarga Toraja|Kerukunan Keluarga Flores|Kerukunan Keluarga Mandar|"
    "Kerukunan Keluarga Madura|Kerukunan Keluarga Sulawesi Selatan|Kerukunan Keluarga Bima|"
    "Kerukunan Keluarga Buton|Kerukunan Bubuhan Banjar|Kerukunan Bubuhan Kutai|"
    "Bubuhan Kutai Bersatu|Paguyuban Pasundan|Paguyuban Warga Jawa Timur|"
    "Paguyuban Sedulur Jawa Tengah|Paguyuban Warga Sasak|Paguyuban Keluarga Minang|"
    "Ikatan Keluarga Toraja|Ikatan Keluarga Flobamora|Ikatan Keluarga Batak|"
    "Ikatan Keluarga Madura|Ikatan Pemuda Kutai|Ikatan Pemuda Dayak|Ikatan Remaja Masjid|"
    "Ikatan Pengusaha Muda|Ikatan Alumni Pesantren|Persekutuan Dayak Kenyah|"
    "Persekutuan Dayak Bahau|Persekutuan Dayak Benuaq|Persekutuan Dayak Tunjung|"
    "Forum Komunikasi Pemuda|Forum Masyarakat Peduli Pemilu|Forum Pemuda Peduli Demokrasi|"
    "Forum Kewaspadaan Dini Masyarakat|Forum Pembauran Kebangsaan|Forum Peduli Lingkungan|"
    "Forum Perempuan Peduli Anak|Forum Komunikasi Warga|Forum Anak Bangsa|"
    "Forum Masyarakat Anti Narkoba|Laskar Mandau|Laskar Pemuda Adat Dayak|Laskar Kutai|"
    "Laskar Borneo|Laskar Pertahanan Adat|LSM Peduli Mahakam|LSM Lingkar Hijau|"
    "LSM Pemantau Keuangan Negara|LSM Gerakan Anti Korupsi|LSM Bumi Etam Lestari|"
    "LSM Suara Rakyat|Gerakan Pemuda Peduli Bangsa|Gerakan Masyarakat Sadar Hukum|"
    "Gerakan Pemuda Nusantara|Himpunan Nelayan|Himpunan Petani Sawit|Himpunan Pemuda|"
    "Persatuan Pedagang Pasar|Persatuan Pengemudi Ojek|Persatuan Guru Mengaji|"
    "Komunitas Relawan Kemanusiaan|Komunitas Pecinta Alam|Komunitas Seni Budaya|"
    "Aliansi Pemuda|Aliansi Masyarakat Adat|Perkumpulan Pemerhati Demokrasi|"
    "Perkumpulan Wanita Pengajian|Majelis Taklim|Remaja Masjid|Pemuda Gereja|"
    "Solidaritas Pemuda|Barisan Pemuda Adat|Lembaga Adat|Lembaga Pemberdayaan Masyarakat".split("|")
)


STEM_SUFFIXES = ("Bersatu", "Mandiri", "Sejahtera", "Peduli", "Raya", "Berjaya", "Lestari")


#: Name pools by community: (weight, muslim?, male given names, female given names, surnames).
COMMUNITIES = (
    (
        30,
        True,
        "Muhammad|Ahmad|Akhmad|Rusdiansyah|Syahrani|Mahyudin|Rahmadi|Fahmi|Junaidi|Hairul|"
        "Norhadi|Arbain|Syarifuddin|Zainal Arifin|Hamdani|Rizal|Ridwan|Supiansyah|Husaini|"
        "Ibrahim|Yusuf|Hasan Basri|Syaiful Anwar|Khairul Anam|Ardiansyah|Fadli|Iskandar|"
        "Awang Ferdiansyah|Awang Darmawan|Aji Muhammad Ramli|Bahrani|Mukhlis|Murjani",
        "Siti Aisyah|Norhayati|Rahmawati|Fitriani|Nurul Hidayah|Raudah|Salmah|Rusmini|Hafsah|"
        "Nurjannah|Aulia Rahmah|Dayang Kartini|Noor Aida|Khairunnisa|Mariani|Jamilah|Saidah",
        "Hidayat|Rahman|Noor|Saleh|Effendi|Gazali|Arsyad|Fauzi|Mansyur|Hasan|Ramadhan|Syahputra|"
        "Firdaus|Anshari|Rasyid|Hamid|Ismail|Aini|Zulkifli|Kadir|Salim|Alwi",
    ),
    (
        20,
        True,
        "Andi Muhammad|Andi Rahman|Syamsuddin|Hasanuddin|Baharuddin|Jamaluddin|Nasrullah|"
        "Muh. Arsyad|Sultan|Andi Amir|Abdul Haris|Muhammad Tahir|Kamaruddin|Irwan|Ashari|"
        "Daeng Mattola|Hamzah|Muslimin|Sudirman|Darwis",
        "Andi Nurhaedah|Sitti Hajrah|Hasnawati|Nurlela|Ratnawati|Sitti Rahmah|Andi Sumarni|"
        "Hasmiah|Rosmini|Nurhayati|Suriani|Andi Tenri",
        "Rahim|Latif|Tahir|Idris|Sanusi|Palallo|Mappiare|Pawelloi|Hamzah|Amir|Arifin|Yunus|"
        "Baso|Nasir|Rasyid|Sulaiman",
    ),
    (
        22,
        True,
        "Sugeng|Sutrisno|Bambang|Agus|Budi|Joko|Slamet|Heru|Eko|Dwi Cahyo|Teguh|Hari|Wahyu|"
        "Priyo|Sigit|Yudi|Rudi|Edi|Sutarno|Suharto|Ponco|Gunawan|Adi|Tri Wibowo",
        "Sri Wahyuni|Endang Lestari|Dwi Rahayu|Tri Handayani|Siti Mulyani|Ratna Sari|Puji Astuti|"
        "Sulastri|Wulandari|Sumarni|Retno|Yuliani|Kartini|Eni|Suryani",
        "Santoso|Setiawan|Prasetyo|Wibowo|Purnomo|Hartono|Susanto|Nugroho|Suryadi|Kurniawan|"
        "Wijayanto|Saputra|Handoko|Sulistyo|Raharjo|Subagyo|Supriyadi|Haryanto",
    ),
    (
        14,
        False,
        "Yohanes|Ignasius|Stefanus|Lukas|Paulus|Benediktus|Yustinus|Fransiskus|Petrus|Markus|"
        "Agustinus|Kristian|Simon|Yakobus|Antonius|Martinus|Andreas|Hendrikus",
        "Maria|Theresia|Veronika|Yuliana|Kristina|Agustina|Margaretha|Lusia|Elisabeth|Yosefina|"
        "Natalia|Katarina",
        "Lung|Ajang|Ngau|Hibau|Jalung|Ding|Laing|Bilung|Huvat|Anyeq|Lahang|Ubang|Ibau|Bit|"
        "Belawan|Lejiu|Juk|Hanyeq|Dau|Aran",
    ),
    (
        10,
        False,
        "Yosef|Markus|Daniel|Frans|Hotman|Rudolf|Johannes|Samuel|Tobias|Robert|Yusak|Albert|"
        "Hendra|Jefri|Viktor|Ronald",
        "Ruth|Debora|Yohana|Magdalena|Febriani|Rosalina|Kristin|Yuni|Imelda|Ester",
        "Tandirerung|Pasolang|Sitompul|Simanjuntak|Hutagalung|Manurung|Nainggolan|Da Costa|"
        "Ratu|Bere|Kolo|Lewokeda|Pakiding|Rantetoding|Sinaga|Lumbantobing|Fernandez|Tanduk",
    ),
    (
        2,
        False,
        "I Made|I Wayan|I Nyoman|I Ketut|I Gede|I Komang|I Putu",
        "Ni Luh|Ni Made|Ni Wayan|Ni Nyoman|Ni Ketut|Ni Putu",
        "Sudarsana|Suardana|Artawan|Wirawan|Astawa|Sukadana|Darmayasa|Suarjana|Mertayasa",
    ),
    (
        4,
        False,
        "Hendra|Susanto|Andi|Wilson|Rudy|Jimmy|Kevin|Tommy|Edwin",
        "Liliana|Vivian|Meliana|Linda|Susi|Yenny|Lisa",
        "Wijaya|Tanoto|Halim|Tjandra|Gunadi|Santosa|Hartanto|Salim|Lukito",
    ),
)


BACHELOR = ("S.E.", "S.H.", "S.Sos.", "S.Pd.", "S.Kom.", "S.T.", "S.IP.", "S.Hut.", "S.P.")


MASTER = ("M.Si.", "M.M.", "M.H.", "M.Pd.", "M.AP.", "M.T.", "M.Kes.")


POSITIONS_FIRST = ("Ketua", "Ketua", "Ketua", "Ketua Umum", "Ketua Harian", "Wakil Ketua")


POSITIONS_SECOND = ("Sekretaris", "Sekretaris", "Sekretaris Umum", "Wakil Ketua", "Bendahara")


POSITIONS_OTHER = (
    "Bendahara",
    "Wakil Sekretaris",
    "Wakil Ketua",
    "Ketua Bidang Organisasi",
    "Ketua Bidang Kepemudaan",
    "Koordinator Wilayah",
    "Pembina",
    "Penasehat",
    "Anggota",
)


PHONE_PREFIXES = (
    "0811|0812|0813|0821|0822|0823|0852|0853|0814|0815|0816|0855|0856|0857|0858|0817|0818|"
    "0819|0859|0877|0878|0895|0896|0897|0898|0881|0882|0887".split("|")
)


MAIL_DOMAINS = ("gmail.com",) * 7 + ("yahoo.co.id", "yahoo.com", "ymail.com")


#: Forkopimda and guests of honour: (ormas/institution, position, name), fictional people.
VIP_GUESTS = (
    (
        "Pemerintah Provinsi Kalimantan Timur",
        "Asisten Pemerintahan dan Kesejahteraan Rakyat",
        "Dr. H. Muhammad Rusdiansyah, S.Sos., M.Si.",
    ),
    (
        "Badan Kesbangpol Provinsi Kalimantan Timur",
        "Kepala Badan",
        "Drs. H. Ahmad Syarifuddin, M.Si.",
    ),
    ("DPRD Provinsi Kalimantan Timur", "Ketua Komisi I", "H. Baharuddin Latif, S.H., M.H."),
    (
        "Kepolisian Daerah Kalimantan Timur",
        "Direktur Intelijen dan Keamanan",
        "Kombes Pol. Bambang Prasetyo, S.I.K., M.H.",
    ),
    ("Kodam VI/Mulawarman", "Asisten Teritorial Kasdam", "Kolonel Inf. Yosef Tandirerung"),
    (
        "Kejaksaan Tinggi Kalimantan Timur",
        "Asisten Intelijen",
        "Hendra Wijaya, S.H., M.H.",
    ),
    ("KPU Provinsi Kalimantan Timur", "Ketua", "Hj. Nurul Hidayah, S.Pd., M.Pd."),
    ("Bawaslu Provinsi Kalimantan Timur", "Ketua", "Stefanus Lung, S.H."),
)


def split_words(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


NAME_POOLS = tuple(
    (weight, muslim, split_words(male), split_words(female), split_words(last))
    for weight, muslim, male, female, last in COMMUNITIES
)


POOL_WEIGHTS = tuple(pool[0] for pool in NAME_POOLS)


BANJAR_KUTAI, BUGIS, JAWA, DAYAK, TORAJA_BATAK_FLORES, BALI, TIONGHOA = range(7)


MUSLIM = (BANJAR_KUTAI, BUGIS, JAWA)


CHRISTIAN = (DAYAK, TORAJA_BATAK_FLORES)


#: Who an ormas' members are, by a word in its name: (name pools, share of women).
ORMAS_PROFILES = (
    ("Aisyiyah|Muslimat|Fatayat|Pengajian|Taklim", MUSLIM, 1.0),
    ("Wanita Katolik", CHRISTIAN, 1.0),
    ("Perempuan", None, 1.0),
    ("Ansor|Pemuda Muhammadiyah", MUSLIM, 0.0),
    ("Bugis|KKSS|Sulawesi|Mandar|Buton|Bima", (BUGIS,), 0.25),
    ("Banjar|Kutai", (BANJAR_KUTAI,), 0.25),
    ("Jawa|Pasundan|Madura|Sasak|Minang", (JAWA,), 0.25),
    ("Dayak|Mandau|Adat", (DAYAK,), 0.2),
    ("Toraja|Flores|Flobamora|Batak|Gereja|GAMKI|PGI|Katolik", (TORAJA_BATAK_FLORES, DAYAK), 0.3),
    ("PHDI", (BALI,), 0.25),
    (
        "Muhammadiyah|NU|PCNU|PWNU|KAHMI|LDII|MUI|BKPRMI|Hidayatullah|Persis|Masjid|Pesantren|Mengaji",
        MUSLIM,
        0.2,
    ),
    ("Laskar|Pemuda Panca Marga|FKPPI|Ojek", None, 0.05),
)


PLACE_NAMES = {region: split_words(text) for region, text in PLACES.items()}
