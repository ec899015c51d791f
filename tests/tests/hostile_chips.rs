//! Hostile and faulty chips: a table of (fault, injection point, expected typed outcome), each
//! fault class injected before access control (plain) and in the middle of the protected reads
//! (under SM). Every case ends in a correct read or a typed error — never a panic — and the
//! read holds no more than the file-size cap of any one file.

use egate_core::access::AccessKey;
use egate_core::apdu::StatusWord;
use egate_core::card::CardError;
use egate_core::lds::ElementaryFile;
use egate_core::mrz::MrzKey;
use egate_core::pace::PaceError;
use egate_core::ports::{TransportCapabilities, TransportError};
use egate_core::read::{CardRead, DocumentReader, FILE_SIZE_CAP, NoProgress, ReadOptions};
use egate_core::sm::SmError;
use egate_simulator::{Exchange, Fault, Profile, ScheduledFault, SimulatedTransport, VirtualChip};
use std::collections::BTreeMap;

/// Where a fault strikes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Point {
    /// The first exchange: EF.CardAccess, read in plain.
    PlainRead,
    /// PACE's last GENERAL AUTHENTICATE (the chip's token), in plain.
    PlainHandshake,
    /// The first protected READ BINARY of DG11, under secure messaging.
    ProtectedRead,
}

/// What the read must end in.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Every file as the genuine chip holds it.
    CorrectRead,
    /// A typed error this predicate accepts.
    Error(fn(&CardError) -> bool),
}

/// A fault of the chip's content: a file served differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    /// The header announces 50 bytes more than the file has.
    TruncatedTlv,
    /// The header announces 2^32 - 1 bytes.
    OversizedLength,
    /// The file really is 600 000 bytes, above the cap.
    LargerThanCap,
    /// 32 bytes of garbage follow the file's last element.
    GarbageAfterFile,
    /// 64 zero bytes pad the file past its end.
    ZeroPadding,
}

#[derive(Debug, Clone, Copy)]
enum Injection {
    /// A fault of one exchange.
    Exchange(Fault),
    /// A fault of this many consecutive exchanges.
    Repeated(Fault, u64),
    /// A file served differently.
    Content(Content),
}

fn profile() -> Profile {
    Profile::by_name("id-ref").unwrap()
}

fn key() -> AccessKey {
    AccessKey::Mrz(MrzKey::from_mrz(&profile().document.mrz).unwrap())
}

fn card() -> SimulatedTransport {
    SimulatedTransport::new(
        VirtualChip::new(&profile()).unwrap(),
        TransportCapabilities::SHORT_ONLY,
        profile().link,
    )
}

fn clean() -> (CardRead, Vec<Exchange>) {
    let transport = card();
    let handle = transport.handle();
    let mut reader = DocumentReader::new(key(), ReadOptions::default());
    let read = reader.read(Box::new(transport), &NoProgress).unwrap();
    (read, handle.log())
}

fn exchange_at(log: &[Exchange], point: Point) -> u64 {
    let index = match point {
        Point::PlainRead => 0,
        Point::PlainHandshake => {
            let protected = log.iter().position(|e| e.header[0] == 0x0C).unwrap();
            log[..protected]
                .iter()
                .rposition(|e| e.header[1] == 0x86)
                .unwrap()
        }
        Point::ProtectedRead => log
            .iter()
            .position(|e| e.header == [0x0C, 0xB0, 0x8B, 0x00])
            .unwrap(),
    };
    index as u64 + 1
}

fn served_differently(content: Content, genuine: &[u8]) -> Vec<u8> {
    let (_, value_at) = header_split(genuine);
    let value = &genuine[value_at..];
    let tag = genuine[0];
    match content {
        Content::TruncatedTlv => {
            let mut announced = vec![tag, 0x82];
            announced.extend(((value.len() + 50) as u16).to_be_bytes());
            announced.extend_from_slice(value);
            announced
        }
        Content::OversizedLength => {
            let mut announced = vec![tag, 0x84, 0xFF, 0xFF, 0xFF, 0xFF];
            announced.extend_from_slice(value);
            announced
        }
        Content::LargerThanCap => {
            let mut large = vec![tag, 0x83];
            large.extend(&600_000u32.to_be_bytes()[1..]);
            large.resize(large.len() + 600_000, 0x5A);
            large
        }
        Content::GarbageAfterFile => [genuine, &[0xA5; 32][..]].concat(),
        Content::ZeroPadding => [genuine, &[0; 64][..]].concat(),
    }
}

/// The header length of a one-byte-tag TLV.
fn header_split(bytes: &[u8]) -> (usize, usize) {
    match bytes[1] {
        n @ 0..=0x7F => (usize::from(n), 2),
        0x81 => (usize::from(bytes[2]), 3),
        _ => (usize::from(u16::from_be_bytes([bytes[2], bytes[3]])), 4),
    }
}

fn run(injection: Injection, point: Point) -> (Result<CardRead, CardError>, DocumentReader) {
    let (_, log) = clean();
    let mut transport = card();
    match injection {
        Injection::Exchange(fault) | Injection::Repeated(fault, _) => {
            let repeat = match (injection, fault) {
                (_, Fault::EndlessMoreData | Fault::EndlessWrongLe) => u64::MAX / 2,
                (Injection::Repeated(_, times), _) => times,
                _ => 1,
            };
            transport = transport.with_faults([ScheduledFault {
                fault,
                exchange: exchange_at(&log, point),
                repeat,
            }]);
        }
        Injection::Content(content) => {
            let file = match point {
                Point::ProtectedRead => ElementaryFile::Dg(11),
                _ => ElementaryFile::CardAccess,
            };
            transport.with_chip(|chip| {
                let genuine = chip.files()[&file].clone();
                chip.set_file(file, served_differently(content, &genuine));
            });
        }
    }
    let mut reader = DocumentReader::new(key(), ReadOptions::default());
    let result = reader.read(Box::new(transport), &NoProgress);
    (result, reader)
}

fn is_mac_failure(e: &CardError) -> bool {
    matches!(e, CardError::SecureMessaging(SmError::MacMismatch))
}

/// The chip, out of step, refuses the reader's MAC (6988) or the reader refuses the chip's.
fn is_out_of_step(e: &CardError) -> bool {
    is_mac_failure(e)
        || matches!(
            e,
            CardError::SecureMessaging(SmError::UnprotectedStatus(
                StatusWord::SM_OBJECTS_INCORRECT
            ))
        )
}

fn is_token_failure(e: &CardError) -> bool {
    matches!(e, CardError::Pace(PaceError::TokenMismatch))
}

fn is_unprotected(e: &CardError) -> bool {
    matches!(e, CardError::SecureMessaging(SmError::UnprotectedStatus(_)))
}

fn is_endless(e: &CardError) -> bool {
    matches!(e, CardError::EndlessRedirect(_))
}

fn is_sm_malformed(e: &CardError) -> bool {
    matches!(e, CardError::SecureMessaging(SmError::Malformed(_)))
}

fn is_too_large(e: &CardError) -> bool {
    matches!(
        e,
        CardError::FileTooLarge {
            cap: FILE_SIZE_CAP,
            ..
        }
    )
}

fn is_truncated(e: &CardError) -> bool {
    matches!(
        e,
        CardError::Malformed("file ends before its announced length")
            | CardError::FallbacksExhausted { .. }
    )
}

fn is_unreadable_card_access(e: &CardError) -> bool {
    matches!(e, CardError::CardAccessUnreadable(StatusWord(0x6F00)))
}

fn is_tag_lost(e: &CardError) -> bool {
    *e == CardError::Transport(TransportError::TagLost)
}

fn is_timeout(e: &CardError) -> bool {
    *e == CardError::Transport(TransportError::Timeout)
}

fn is_bad_card_access(e: &CardError) -> bool {
    matches!(
        e,
        CardError::Malformed("EF.CardAccess is not SecurityInfos")
    ) || is_truncated(e)
}

/// The table: every fault class, plain and under SM.
fn table() -> Vec<(Injection, Point, Expect)> {
    use Expect::{CorrectRead, Error};
    use Injection::{Content as C, Exchange as X, Repeated as R};
    use Point::{PlainHandshake, PlainRead, ProtectedRead};
    vec![
        (
            X(Fault::CorruptMac),
            PlainHandshake,
            Error(is_token_failure),
        ),
        (X(Fault::CorruptMac), ProtectedRead, Error(is_mac_failure)),
        // No SSC exists before secure messaging: the jump changes nothing there.
        (X(Fault::SequenceJump), PlainRead, CorrectRead),
        (X(Fault::SequenceJump), ProtectedRead, Error(is_out_of_step)),
        // One odd answer to the SFI read: the reader SELECTs the file instead and goes on.
        (X(Fault::Status(StatusWord(0x6F00))), PlainRead, CorrectRead),
        (
            R(Fault::Status(StatusWord(0x6F00)), 3),
            PlainRead,
            Error(is_unreadable_card_access),
        ),
        // Under SM 6F00 is among the refusals the ladder answers: access control again, on.
        (
            X(Fault::Status(StatusWord(0x6F00))),
            ProtectedRead,
            CorrectRead,
        ),
        (
            X(Fault::Status(StatusWord(0x6A88))),
            ProtectedRead,
            Error(is_unprotected),
        ),
        (X(Fault::EndlessMoreData), PlainRead, Error(is_endless)),
        (
            X(Fault::EndlessMoreData),
            ProtectedRead,
            Error(is_unprotected),
        ),
        (X(Fault::EndlessWrongLe), PlainRead, Error(is_endless)),
        (
            X(Fault::EndlessWrongLe),
            ProtectedRead,
            Error(is_unprotected),
        ),
        (X(Fault::GarbageAfterData), PlainRead, CorrectRead),
        (
            X(Fault::GarbageAfterData),
            ProtectedRead,
            Error(is_sm_malformed),
        ),
        (X(Fault::SlowAnswer { ms: 3000 }), PlainRead, CorrectRead),
        (
            X(Fault::SlowAnswer { ms: 3000 }),
            ProtectedRead,
            CorrectRead,
        ),
        (X(Fault::TagLoss), PlainRead, Error(is_tag_lost)),
        (X(Fault::TagLoss), ProtectedRead, Error(is_tag_lost)),
        (X(Fault::Timeout), PlainHandshake, Error(is_timeout)),
        (X(Fault::Timeout), ProtectedRead, Error(is_timeout)),
        (
            C(Content::TruncatedTlv),
            PlainRead,
            Error(is_bad_card_access),
        ),
        (C(Content::TruncatedTlv), ProtectedRead, Error(is_truncated)),
        (C(Content::OversizedLength), PlainRead, Error(is_too_large)),
        (
            C(Content::OversizedLength),
            ProtectedRead,
            Error(is_too_large),
        ),
        (C(Content::LargerThanCap), PlainRead, Error(is_too_large)),
        (
            C(Content::LargerThanCap),
            ProtectedRead,
            Error(is_too_large),
        ),
        (C(Content::GarbageAfterFile), PlainRead, CorrectRead),
        (C(Content::GarbageAfterFile), ProtectedRead, CorrectRead),
        (C(Content::ZeroPadding), PlainRead, CorrectRead),
        (C(Content::ZeroPadding), ProtectedRead, CorrectRead),
    ]
}

#[test]
fn every_fault_ends_in_a_correct_read_or_a_typed_error() {
    let (genuine, _) = clean();
    let mut failures = Vec::new();
    for (injection, point, expect) in table() {
        let (result, reader) = run(injection, point);
        let held = reader.progress().bytes_done;
        assert!(
            held <= 2 * FILE_SIZE_CAP,
            "{injection:?} at {point:?} holds {held} bytes"
        );
        let ok = match (&result, expect) {
            (Ok(read), Expect::CorrectRead) => read.files == genuine.files,
            (Err(error), Expect::Error(accepts)) => accepts(error),
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{injection:?} at {point:?}: {:?}",
                result.as_ref().map(|r| r.files.keys().collect::<Vec<_>>())
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_table_covers_every_fault_class_plain_and_under_secure_messaging() {
    let mut points: BTreeMap<String, Vec<Point>> = BTreeMap::new();
    for (injection, point, _) in table() {
        let class = format!("{injection:?}");
        let class = class
            .split(['(', ' ', '{'])
            .nth(1)
            .unwrap_or(&class)
            .to_string();
        points.entry(class).or_default().push(point);
    }
    for (class, at) in points {
        assert!(at.contains(&Point::ProtectedRead), "{class} under SM");
        assert!(
            at.contains(&Point::PlainRead) || at.contains(&Point::PlainHandshake),
            "{class} in plain"
        );
    }
}
