"""The Rakor demo (event, 750 delegates, one user per role) and the delegate-list generator.

`generate_rows(n, seed)` makes a delegate list as the Kesbangpol office would type it (titles,
region spellings, phones in every format) for the demo and for the benchmark; `write_xlsx` and
`write_csv` save it in the office format. `load_demo` feeds the list through the real importer.
"""

from __future__ import annotations

import csv
import io
import json
import random
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from checkin.accounts.users import create_user
from checkin.events.events import create_event
from checkin.events.regions import KALTIM_REGIONS
from checkin.importing.writer import delegate_count, import_delegates
from checkin.models import ROLE_ADMIN, ROLE_DOOR, ROLE_LIAISON, ROLE_VIEWER, Delegate, Event, User

DEMO_SLUG = "rakor-ormas-2024"
DEMO_SEED = 2024
DEMO_SIZE = 750
LOGIN_URL = "http://127.0.0.1:5000/login"
#: Where `checkin demo` keeps the generated passwords, so a rerun prints the same ones.
LOGINS_FILE = "demo-logins.json"
LIAISON_REGION = "Kota Samarinda"
#: (user name, role); the liaison serves Kota Samarinda.
DEMO_USERS = (
    ("admin", ROLE_ADMIN),
    ("pintu", ROLE_DOOR),
    ("layar", ROLE_VIEWER),
    ("liaison", ROLE_LIAISON),
)

DEMO_EVENT: dict[str, Any] = {
    "name": "Rapat Koordinasi Ormas se-Kalimantan Timur 2024",
    "theme": (
        "Mewujudkan Kondusifitas Daerah Mendukung Sukses Pilkada Serentak Tahun 2024 "
        "di Kalimantan Timur"
    ),
    "venue": "Hotel Mercure Samarinda",
    "address": "Jl. Mulawarman No. 71, Samarinda, Kalimantan Timur",
    # 08:00 to 16:00 WITA (UTC+8).
    "starts_at": datetime(2024, 10, 15, 0, 0, tzinfo=UTC),
    "ends_at": datetime(2024, 10, 15, 8, 0, tzinfo=UTC),
    "timezone": "Asia/Makassar",
    "doors": ["Pintu Utama", "Pintu Samping", "Pintu Ballroom"],
    "organizer": "Badan Kesbangpol Provinsi Kalimantan Timur",
    "contact_name": "Rahmadi Syahrani, S.Sos.",
    "contact_phone": "+6281250002024",
}

TITLE_LINES = (
    "DAFTAR UNDANGAN RAPAT KOORDINASI ORMAS SE-KALIMANTAN TIMUR TAHUN 2024",
    "Hotel Mercure Samarinda, Selasa 15 Oktober 2024",
)
HEADERS = ("No", "Nama", "Jabatan", "Ormas", "Tingkat", "Kabupaten/Kota", "No. HP", "Email")
_COLUMN_WIDTHS = (6, 42, 26, 48, 16, 30, 20, 32)

# --- word lists ---------------------------------------------------------------------------

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
_STEM_SUFFIXES = ("Bersatu", "Mandiri", "Sejahtera", "Peduli", "Raya", "Berjaya", "Lestari")

#: Name pools by community: (weight, muslim?, male given names, female given names, surnames).
_COMMUNITIES = (
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

_BACHELOR = ("S.E.", "S.H.", "S.Sos.", "S.Pd.", "S.Kom.", "S.T.", "S.IP.", "S.Hut.", "S.P.")
_MASTER = ("M.Si.", "M.M.", "M.H.", "M.Pd.", "M.AP.", "M.T.", "M.Kes.")
_POSITIONS_FIRST = ("Ketua", "Ketua", "Ketua", "Ketua Umum", "Ketua Harian", "Wakil Ketua")
_POSITIONS_SECOND = ("Sekretaris", "Sekretaris", "Sekretaris Umum", "Wakil Ketua", "Bendahara")
_POSITIONS_OTHER = (
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
_PHONE_PREFIXES = (
    "0811|0812|0813|0821|0822|0823|0852|0853|0814|0815|0816|0855|0856|0857|0858|0817|0818|"
    "0819|0859|0877|0878|0895|0896|0897|0898|0881|0882|0887".split("|")
)
_MAIL_DOMAINS = ("gmail.com",) * 7 + ("yahoo.co.id", "yahoo.com", "ymail.com")

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


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


_NAME_POOLS = tuple(
    (weight, muslim, _split(male), _split(female), _split(last))
    for weight, muslim, male, female, last in _COMMUNITIES
)
_POOL_WEIGHTS = tuple(pool[0] for pool in _NAME_POOLS)
_BANJAR_KUTAI, _BUGIS, _JAWA, _DAYAK, _TORAJA_BATAK_FLORES, _BALI, _TIONGHOA = range(7)
_MUSLIM = (_BANJAR_KUTAI, _BUGIS, _JAWA)
_CHRISTIAN = (_DAYAK, _TORAJA_BATAK_FLORES)
#: Who an ormas' members are, by a word in its name: (name pools, share of women).
_ORMAS_PROFILES = (
    ("Aisyiyah|Muslimat|Fatayat|Pengajian|Taklim", _MUSLIM, 1.0),
    ("Wanita Katolik", _CHRISTIAN, 1.0),
    ("Perempuan", None, 1.0),
    ("Ansor|Pemuda Muhammadiyah", _MUSLIM, 0.0),
    ("Bugis|KKSS|Sulawesi|Mandar|Buton|Bima", (_BUGIS,), 0.25),
    ("Banjar|Kutai", (_BANJAR_KUTAI,), 0.25),
    ("Jawa|Pasundan|Madura|Sasak|Minang", (_JAWA,), 0.25),
    ("Dayak|Mandau|Adat", (_DAYAK,), 0.2),
    ("Toraja|Flores|Flobamora|Batak|Gereja|GAMKI|PGI|Katolik", (_TORAJA_BATAK_FLORES, _DAYAK), 0.3),
    ("PHDI", (_BALI,), 0.25),
    (
        "Muhammadiyah|NU|PCNU|PWNU|KAHMI|LDII|MUI|BKPRMI|Hidayatullah|Persis|Masjid|Pesantren|Mengaji",
        _MUSLIM,
        0.2,
    ),
    ("Laskar|Pemuda Panca Marga|FKPPI|Ojek", None, 0.05),
)
_PLACES = {region: _split(text) for region, text in PLACES.items()}

# --- generator ----------------------------------------------------------------------------


def region_counts(n: int) -> dict[str, int]:
    """Seats per region: 200/750 for the province, the rest by population (largest remainder)."""
    province = round(n * PROVINCE_SHARE)
    rest = n - province
    total = sum(POPULATION.values())
    exact = {name: rest * pop / total for name, pop in POPULATION.items()}
    counts = {name: int(value) for name, value in exact.items()}
    leftover = rest - sum(counts.values())
    for name in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[:leftover]:
        counts[name] += 1
    return {KALTIM_REGIONS[0].name: province, **counts}


def generate_rows(n: int, seed: int = DEMO_SEED) -> list[dict[str, Any]]:
    """A realistic, deterministic delegate list of n rows (same n and seed, same rows).

    Each row: name, position, ormas, level ("Provinsi"/"Kabupaten/Kota"), region (the canonical
    name), region_text (as written in the file), phone (as typed, or None), email, is_vip.
    No two rows share a name (without titles) and ormas.
    """
    rng = random.Random(seed)
    gen = _Generator(rng)
    rows: list[dict[str, Any]] = []
    for region, count in region_counts(n).items():
        rows.extend(gen.region_rows(region, count))
    return rows


@dataclass
class _Generator:
    rng: random.Random
    used_ormas: set[str] = field(default_factory=set)
    used_people: set[tuple[str, str]] = field(default_factory=set)

    def region_rows(self, region: str, count: int) -> list[dict[str, Any]]:
        is_province = region == KALTIM_REGIONS[0].name
        rows: list[dict[str, Any]] = []
        if is_province:
            for ormas, position, name in VIP_GUESTS[: min(len(VIP_GUESTS), count // 10)]:
                rows.append(self._row(region, ormas, position, name, is_vip=True))
        national = [pair[0] if is_province else pair[1] for pair in NATIONAL_ORMAS]
        self.rng.shuffle(national)
        place = _PLACES[region][0]
        while len(rows) < count:
            if national and self.rng.random() < 0.3:
                stem = national.pop()
                ormas = stem.format(p=place)
            else:
                stem, ormas = self._local_ormas(region)
            self.used_ormas.add(ormas)
            size = min(self.rng.choices((1, 2, 3, 4), (45, 35, 15, 5))[0], count - len(rows))
            for slot in range(size):
                name = self._name(ormas, stem)
                rows.append(self._row(region, ormas, self._position(slot), name))
        return rows

    def _row(
        self, region: str, ormas: str, position: str, name: str, *, is_vip: bool = False
    ) -> dict[str, Any]:
        is_province = region == KALTIM_REGIONS[0].name
        return {
            "name": name,
            "position": position,
            "ormas": ormas,
            "level": "Provinsi" if is_province else "Kabupaten/Kota",
            "region": region,
            "region_text": self._region_text(region),
            "phone": self._phone(),
            "email": self._email(name) if self.rng.random() < 0.07 else None,
            "is_vip": is_vip,
        }

    def _local_ormas(self, region: str) -> tuple[str, str]:
        """A new local ormas of this region: (stem, full name)."""
        places = _PLACES[region]
        for attempt in range(60):
            stem = self.rng.choice(LOCAL_STEMS)
            name = f"{stem} {self.rng.choice(places)}"
            if attempt >= 20:
                name = f"{name} {self.rng.choice(_STEM_SUFFIXES)}"
            if attempt >= 40:
                name = f"{name} {self.rng.choice(_STEM_SUFFIXES)}"
            if name not in self.used_ormas:
                return stem, name
        # Only reached for lists far larger than a real one: share an existing name.
        return stem, name

    def _position(self, slot: int) -> str:
        if slot == 0:
            return self.rng.choice(_POSITIONS_FIRST)
        if slot == 1:
            return self.rng.choice(_POSITIONS_SECOND)
        return self.rng.choice(_POSITIONS_OTHER)

    def _name(self, ormas: str, stem: str) -> str:
        rng = self.rng
        pools, women = _profile(stem)
        weights = [_POOL_WEIGHTS[i] for i in pools]
        while True:
            _weight, muslim, male, female, last = _NAME_POOLS[rng.choices(pools, weights)[0]]
            is_male = rng.random() >= women
            given = rng.choice(male if is_male else female)
            surname = rng.choice(last)
            if surname in given.split():
                continue
            core = given if rng.random() < 0.12 else f"{given} {surname}"
            if (core, ormas) not in self.used_people:
                self.used_people.add((core, ormas))
                return _with_titles(rng, core, is_male=is_male, is_muslim=muslim, ormas=ormas)

    def _region_text(self, region: str) -> str:
        spec = next(s for s in KALTIM_REGIONS if s.name == region)
        roll = self.rng.random()
        if roll < 0.45:
            return region
        if roll < 0.55:
            return self.rng.choice(spec.aliases).upper()
        return self.rng.choice(spec.aliases)

    def _phone(self) -> str | None:
        rng = self.rng
        if rng.random() < 0.12:
            return None
        prefix = rng.choice(_PHONE_PREFIXES)
        rest = "".join(rng.choice("0123456789") for _ in range(rng.choice((7, 8, 8, 8, 9))))
        style = rng.random()
        if style < 0.35:
            return prefix + rest
        if style < 0.6:
            return f"{prefix}-{rest[:4]}-{rest[4:]}"
        if style < 0.75:
            return f"{prefix} {rest[:4]} {rest[4:]}"
        if style < 0.9:
            return f"+62 {prefix[1:]}-{rest[:4]}-{rest[4:]}"
        return f"62{prefix[1:]}{rest}"

    def _email(self, name: str) -> str:
        core = _core_words(name)
        local = ".".join(core[:2]).lower().replace("'", "")
        digits = self.rng.choice(("", str(self.rng.randint(1, 99)), str(self.rng.randint(60, 99))))
        return f"{local}{digits}@{self.rng.choice(_MAIL_DOMAINS)}"


def _profile(stem: str) -> tuple[tuple[int, ...], float]:
    """The name pools and share of women for an ormas, from the words of its name (no place)."""
    words = set(stem.replace("/", " ").split())
    for keys, pools, women in _ORMAS_PROFILES:
        if any(key in words or (" " in key and key in stem) for key in keys.split("|")):
            return (pools or tuple(range(len(_NAME_POOLS)))), women
    return tuple(range(len(_NAME_POOLS))), 0.28


def _with_titles(
    rng: random.Random, core: str, *, is_male: bool, is_muslim: bool, ormas: str
) -> str:
    """Add titles the way lists write them: `Drs. H. Ahmad Syarifuddin, M.Si.`."""
    before: list[str] = []
    after: list[str] = []
    roll = rng.random()
    if roll < 0.03:
        before.append("Dr.")
        after += [rng.choice(_BACHELOR), rng.choice(_MASTER)]
    elif roll < 0.09:
        before.append("Drs." if is_male else "Dra.")
        if rng.random() < 0.5:
            after.append(rng.choice(_MASTER))
    elif roll < 0.12:
        before.append("Ir.")
        if rng.random() < 0.4:
            after.append(rng.choice(("M.T.", "M.M.", "M.Si.")))
    elif roll < 0.14:
        before.append("dr.")
        if rng.random() < 0.3:
            after.append("M.Kes.")
    elif roll < 0.55:
        degree = rng.choice(_BACHELOR + ("S.Ag.",) if is_muslim else _BACHELOR + ("S.Th.",))
        after.append(degree)
        if rng.random() < 0.25:
            after.append(rng.choice(_MASTER))
    if is_muslim:
        clerical = ("NU" in ormas or "MUI" in ormas) and is_male and rng.random() < 0.3
        if clerical:
            before.insert(0, "KH.")
        elif rng.random() < 0.25:
            before.append("H." if is_male else "Hj.")
    elif "GAMKI" in ormas or "PGI" in ormas or "Gereja" in ormas:
        if is_male and rng.random() < 0.3:
            before.insert(0, "Pdt.")
    name = " ".join([*before, core])
    return f"{name}, {', '.join(after)}" if after else name


_TITLE_WORDS = {
    "dr.",
    "drs.",
    "dra.",
    "ir.",
    "h.",
    "hj.",
    "kh.",
    "pdt.",
    "muh.",
    "kombes",
    "pol.",
    "kolonel",
    "inf.",
}


def _core_words(name: str) -> list[str]:
    words = name.split(",")[0].split()
    return [w for w in words if w.lower() not in _TITLE_WORDS and w[0].isalpha()]


# --- the office format --------------------------------------------------------------------


def _cells(number: int, row: dict[str, Any]) -> list[Any]:
    return [
        number,
        row["name"],
        row["position"],
        row["ormas"],
        row["level"],
        row["region_text"],
        row["phone"],
        row["email"],
    ]


def write_xlsx(rows: list[dict[str, Any]], target: str | Path | IO[bytes]) -> None:
    """Save rows as the office's XLSX: a title block, then No, Nama, Jabatan, ... (write-only)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Undangan")
    # Write-only sheets omit <dimension> (size unknown up front); Excel always writes it and
    # readers scan the whole sheet without it. The writer asks for it before the first row.
    last_row = len(TITLE_LINES) + 2 + len(rows)
    ws.calculate_dimension = lambda: f"A1:H{last_row}"
    for letter, width in zip("ABCDEFGH", _COLUMN_WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    bold = Font(bold=True)
    for line in TITLE_LINES:
        cell = WriteOnlyCell(ws, value=line)
        cell.font = bold
        ws.append([cell])
    ws.append([])
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for number, row in enumerate(rows, 1):
        ws.append(_cells(number, row))
    wb.save(target)


def write_csv(rows: list[dict[str, Any]], target: IO[str]) -> None:
    """Write rows as the office's CSV (semicolons, `No` column, Indonesian headers)."""
    writer = csv.writer(target, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for number, row in enumerate(rows, 1):
        writer.writerow(["" if v is None else v for v in _cells(number, row)])


def xlsx_bytes(rows: list[dict[str, Any]]) -> bytes:
    """The office XLSX as bytes."""
    buffer = io.BytesIO()
    write_xlsx(rows, buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[dict[str, Any]]) -> bytes:
    """The office CSV as UTF-8 with a BOM, as Excel saves it."""
    text = io.StringIO()
    write_csv(rows, text)
    return text.getvalue().encode("utf-8-sig")


# --- the demo -----------------------------------------------------------------------------


@dataclass
class DemoLogin:
    username: str
    role: str
    #: None when the account existed before and its password is not known to the demo.
    password: str | None
    created: bool
    #: The liaison's region.
    region: str | None = None


@dataclass
class DemoResult:
    event_created: bool
    delegates: int
    logins: list[DemoLogin]


def load_demo(db: Session, *, logins_path: Path) -> DemoResult:
    """Create the Rakor event, its 750 delegates and one user per role, unless they exist.

    Running it again changes nothing. Passwords are random, kept in `logins_path` (0600) so a
    rerun prints the same ones.
    """
    event = db.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    event_created = event is None
    if event is None:
        event = create_event(db, DEMO_SLUG, **DEMO_EVENT)
        _import_rows(db, event, generate_rows(DEMO_SIZE, DEMO_SEED))
    delegates = delegate_count(db, event)
    logins = _ensure_users(db, event, logins_path)
    return DemoResult(event_created=event_created, delegates=delegates, logins=logins)


def _import_rows(db: Session, event: Event, rows: list[dict[str, Any]]) -> None:
    """Feed the rows through the real importer, then mark the guests of honour."""
    import_delegates(db, event, csv_bytes(rows), "daftar-undangan-rakor-2024.csv")
    vips = {(r["name"], r["ormas"]) for r in rows if r["is_vip"]}
    for delegate in db.scalars(
        select(Delegate).where(
            Delegate.event_id == event.id, Delegate.ormas.in_({o for _n, o in vips})
        )
    ):
        delegate.is_vip = (delegate.name, delegate.ormas) in vips
    db.flush()


def _ensure_users(db: Session, event: Event, logins_path: Path) -> list[DemoLogin]:
    known = _read_logins(logins_path)
    regions = {r.id: r.name for r in event.regions}
    logins = []
    for username, role in DEMO_USERS:
        user = db.scalar(select(User).where(User.username == username))
        if user is None:
            password = known.get(username) or _new_password()
            user = create_user(db, username, role=role, password=password)
            if role == ROLE_LIAISON:
                user.region_id = next(i for i, n in regions.items() if n == LIAISON_REGION)
            known[username] = password
            created = True
        else:
            # Print a kept password only if it still opens this account.
            password = known.get(username)
            opens = user.password_hash and check_password_hash(user.password_hash, password or "")
            if not opens:
                password = None
            created = False
        region = regions.get(user.region_id) if user.region_id else None
        logins.append(DemoLogin(username, user.role, password, created, region))
    db.flush()
    if known != _read_logins(logins_path):
        _write_logins(logins_path, known)
    return logins


def _new_password() -> str:
    # Four groups of four lowercase letters and digits (about 82 bits): easy to type on a phone.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def _read_logins(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_logins(path: Path, logins: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(json.dumps(logins, indent=2) + "\n", encoding="utf-8")


def login_lines(result: DemoResult, logins_path: Path) -> Iterator[str]:
    """What `checkin demo` prints: what it did, then how to log in."""
    if result.event_created:
        yield f"Demo event {DEMO_SLUG} created with {result.delegates} delegates."
    else:
        yield (
            f"Demo event {DEMO_SLUG} already exists ({result.delegates} delegates): left as it is."
        )
    yield ""
    yield f"Log in at {LOGIN_URL}"
    for login in result.logins:
        password = login.password or "(set before the demo; unchanged)"
        note = f" ({login.region})" if login.region else ""
        if not login.created:
            note += "  (already existed, left as it is)"
        yield f"  {login.username:<8} role {login.role:<8} password {password}{note}"
    yield ""
    yield f"Passwords are kept in {logins_path}."
    yield "These are demo accounts: do not use them for a real event."
