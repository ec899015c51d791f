//! MRZ check digits, parsing and composition cross-checked against an independent
//! implementation, the PyPI package `mrz` (pinned in tests/mrz/requirements.txt), on a seeded
//! set of generated documents, including Turkish-locale typed input.
//!
//! Needs `EGATE_MRZ_PYTHON`: a Python with that package (scripts/test.sh sets it up).

use egate_core::mrz::{Mrz, MrzError, MrzFormat, MrzKey};
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};

/// A small deterministic generator (xorshift64*), so the document set is the same every run.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chars(&mut self, alphabet: &str, len: usize) -> String {
        let bytes = alphabet.as_bytes();
        (0..len)
            .map(|_| bytes[self.below(bytes.len())] as char)
            .collect()
    }
    fn date(&mut self, first_year: usize, years: usize) -> String {
        let year = (first_year + self.below(years)) % 100;
        format!(
            "{year:02}{:02}{:02}",
            1 + self.below(12),
            1 + self.below(28)
        )
    }
}

const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const SURNAMES: &[&str] = &[
    "OZTURK",
    "YILDIZ",
    "CELIK",
    "SAHIN",
    "ERIKSSON",
    "MULLER",
    "DE<LA<CRUZ",
    "IGDIR",
];
const GIVEN: &[&str] = &[
    "AYSE<GUL",
    "MEHMET",
    "ELIF<NAZ",
    "ANNA<MARIA",
    "IBRAHIM",
    "ISIL",
    "",
];
const STATES: &[&str] = &["TUR", "UTO", "D", "FRA", "NLD"];

fn document(rng: &mut Seeded, long_number: bool) -> Mrz {
    let format = [MrzFormat::Td1, MrzFormat::Td2, MrzFormat::Td3][rng.below(3)];
    let optional_len = match format {
        MrzFormat::Td1 => 6,
        MrzFormat::Td2 => 0,
        MrzFormat::Td3 => 11,
    };
    let number_len = if long_number && format != MrzFormat::Td3 {
        10 + rng.below(4)
    } else {
        9
    };
    let optional_len = if rng.below(3) == 0 { 0 } else { optional_len };
    Mrz {
        format,
        document_code: if format == MrzFormat::Td3 {
            "P".into()
        } else {
            rng.pick(&["I", "A", "C"]).into()
        },
        issuing_state: rng.pick(STATES).into(),
        document_number: rng.chars(ALNUM, number_len),
        surname: rng.pick(SURNAMES).into(),
        given_names: rng.pick(GIVEN).into(),
        nationality: rng.pick(STATES).into(),
        date_of_birth: rng.date(1940, 70),
        sex: rng.pick(&["M", "F", "<"]).into(),
        date_of_expiry: rng.date(2026, 15),
        optional_data: rng.chars("0123456789", optional_len),
        optional_data_2: String::new(),
    }
}

fn python(request: &Value) -> Vec<Value> {
    let interpreter = std::env::var("EGATE_MRZ_PYTHON").expect(
        "EGATE_MRZ_PYTHON must name a Python with the `mrz` package; scripts/test.sh sets it up",
    );
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/mrz/crosscheck.py");
    let mut child = Command::new(interpreter)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start python");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(request.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "crosscheck.py failed");
    let reply: Value = serde_json::from_slice(&output.stdout).unwrap();
    reply["results"].as_array().cloned().unwrap()
}

fn spaced(name: &str) -> String {
    name.replace('<', " ")
}

#[test]
#[ignore = "needs EGATE_MRZ_PYTHON with the PyPI `mrz` package; run by scripts/test.sh"]
fn our_mrz_lines_satisfy_the_independent_checker() {
    let mut rng = Seeded(0x00E6_A7E0_2026_1123);
    let docs: Vec<Mrz> = (0..300).map(|_| document(&mut rng, false)).collect();
    let mut request = Vec::new();
    for (id, doc) in docs.iter().enumerate() {
        request
            .push(json!({"id": id, "format": doc.format.name(), "lines": doc.to_lines().unwrap()}));
    }
    let results = python(&json!({"mode": "check", "documents": request}));
    assert_eq!(results.len(), docs.len());
    for (doc, result) in docs.iter().zip(&results) {
        assert_eq!(result["check_digits_valid"], true, "{doc:?}: {result}");
        let fields = &result["fields"];
        assert_eq!(fields["document_number"], doc.document_number.as_str());
        assert_eq!(fields["birth_date"], doc.date_of_birth.as_str());
        assert_eq!(fields["expiry_date"], doc.date_of_expiry.as_str());
        assert_eq!(fields["country"], doc.issuing_state.as_str());
        assert_eq!(fields["nationality"], doc.nationality.as_str());
        assert_eq!(fields["sex"], doc.sex.as_str());
        assert_eq!(fields["surname"], spaced(&doc.surname).as_str());
        if !doc.given_names.is_empty() {
            assert_eq!(fields["given_names"], spaced(&doc.given_names).as_str());
        }
        assert_eq!(fields["optional_data"], doc.optional_data.as_str());
        let ours = Mrz::parse(&doc.to_lines().unwrap().join("\n")).unwrap();
        assert_eq!(&ours, doc);
    }
}

#[test]
#[ignore = "needs EGATE_MRZ_PYTHON with the PyPI `mrz` package; run by scripts/test.sh"]
fn a_corrupted_check_digit_fails_in_both_implementations() {
    let mut rng = Seeded(0x5EED_0000_0000_0002);
    let mut request = Vec::new();
    let mut corrupted = Vec::new();
    for id in 0..120 {
        let doc = document(&mut rng, false);
        let mut lines = doc.to_lines().unwrap();
        // The date-of-birth check digit sits at a fixed place in each format.
        let (line, at) = match doc.format {
            MrzFormat::Td1 => (1, 6),
            _ => (1, 19),
        };
        let mut bytes = lines[line].clone().into_bytes();
        bytes[at] = if bytes[at] == b'9' {
            b'0'
        } else {
            bytes[at] + 1
        };
        lines[line] = String::from_utf8(bytes).unwrap();
        let ours = Mrz::from_lines(&lines.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(
            ours,
            Err(MrzError::CheckDigit {
                field: egate_core::mrz::MrzField::DateOfBirth
            })
        );
        request.push(json!({"id": id, "format": doc.format.name(), "lines": lines}));
        corrupted.push(doc);
    }
    for result in python(&json!({"mode": "check", "documents": request})) {
        assert_eq!(result["check_digits_valid"], false, "{result}");
    }
}

#[test]
#[ignore = "needs EGATE_MRZ_PYTHON with the PyPI `mrz` package; run by scripts/test.sh"]
fn we_parse_what_the_independent_generator_writes() {
    let mut rng = Seeded(0x5EED_0000_0000_0003);
    let docs: Vec<Mrz> = (0..200).map(|_| document(&mut rng, false)).collect();
    let request: Vec<Value> = docs
        .iter()
        .enumerate()
        .map(|(id, d)| {
            json!({
                "id": id, "format": d.format.name(), "document_type": d.document_code,
                "country": d.issuing_state, "document_number": d.document_number,
                "birth_date": d.date_of_birth, "expiry_date": d.date_of_expiry,
                "nationality": d.nationality, "sex": d.sex,
                "surname": spaced(&d.surname), "given_names": spaced(&d.given_names),
                "optional_data": d.optional_data,
            })
        })
        .collect();
    let results = python(&json!({"mode": "generate", "documents": request}));
    for (doc, result) in docs.iter().zip(&results) {
        let lines: Vec<&str> = result["lines"]
            .as_array()
            .unwrap_or_else(|| panic!("generator refused {doc:?}: {result}"))
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        let parsed = Mrz::from_lines(&lines).unwrap_or_else(|e| panic!("{e}: {lines:?}"));
        assert_eq!(parsed.document_number, doc.document_number);
        assert_eq!(parsed.date_of_birth, doc.date_of_birth);
        assert_eq!(parsed.date_of_expiry, doc.date_of_expiry);
        assert_eq!(parsed.surname, doc.surname);
        assert_eq!(parsed.given_names, doc.given_names);
        assert_eq!(parsed.optional_data, doc.optional_data);
        let mut ours = parsed.to_lines().unwrap();
        if doc.format == MrzFormat::Td3 && doc.optional_data.is_empty() {
            // ICAO 9303-4 allows `<` or `0` as the check digit of an empty personal number; we
            // write `<`, the package writes `0` (both weigh 0 in the composite).
            assert_eq!(&ours[1][42..43], "<");
            assert_eq!(&lines[1][42..43], "0");
            ours[1].replace_range(42..43, "0");
        }
        assert_eq!(ours, lines, "we recompose the same lines");
    }
}

/// What a Turkish-locale phone keyboard or case conversion makes of the letter I.
fn turkish_variants(text: &str) -> [String; 3] {
    let lower: String = text
        .chars()
        .map(|c| {
            if c == 'I' {
                'ı'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    let dotted: String = text
        .chars()
        .map(|c| if c == 'I' { 'İ' } else { c })
        .collect();
    let mixed: String = text
        .chars()
        .enumerate()
        .map(|(i, c)| if c == 'I' && i % 2 == 0 { 'i' } else { c })
        .collect();
    [lower, dotted, format!(" {mixed} ")]
}

#[test]
#[ignore = "needs EGATE_MRZ_PYTHON with the PyPI `mrz` package; run by scripts/test.sh"]
fn typed_keys_and_long_numbers_get_the_independent_check_digits() {
    let mut rng = Seeded(0x5EED_0000_0000_0004);
    let docs: Vec<Mrz> = (0..200)
        .map(|i| {
            let mut d = document(&mut rng, i % 2 == 0);
            // Plenty of I's, to exercise the Turkish-locale mapping.
            d.document_number.replace_range(0..2, "IT");
            d
        })
        .collect();
    let mut fields = Vec::new();
    for doc in &docs {
        let key = MrzKey::from_typed(
            &doc.document_number,
            &doc.date_of_birth,
            &doc.date_of_expiry,
        )
        .unwrap();
        fields.push(key.document_number().to_string());
        fields.push(doc.date_of_birth.clone());
        fields.push(doc.date_of_expiry.clone());
    }
    let request: Vec<Value> = fields
        .iter()
        .enumerate()
        .map(|(id, f)| json!({"id": id, "field": f}))
        .collect();
    let digits: Vec<String> = python(&json!({"mode": "digits", "documents": request}))
        .iter()
        .map(|r| r["digit"].as_str().unwrap().to_string())
        .collect();
    for (i, doc) in docs.iter().enumerate() {
        let expected = format!(
            "{}{}{}{}{}{}",
            fields[3 * i],
            digits[3 * i],
            fields[3 * i + 1],
            digits[3 * i + 1],
            fields[3 * i + 2],
            digits[3 * i + 2]
        );
        let key = MrzKey::from_typed(
            &doc.document_number,
            &doc.date_of_birth,
            &doc.date_of_expiry,
        )
        .unwrap();
        assert_eq!(key.mrz_information().as_str(), expected);
        for typed in turkish_variants(&doc.document_number) {
            let variant =
                MrzKey::from_typed(&typed, &doc.date_of_birth, &doc.date_of_expiry).unwrap();
            assert_eq!(
                variant.mrz_information().as_str(),
                expected,
                "typed {typed:?}"
            );
        }
        if doc.document_number.len() > 9 {
            let parsed = Mrz::parse(&doc.to_lines().unwrap().join("\n")).unwrap();
            assert_eq!(parsed.document_number, doc.document_number);
        }
    }
}
