//! One document read that survives the card leaving the field. The read object keeps every
//! file and partial file, the lengths the chip accepts and the chip checks done; presented with
//! a new transport it re-establishes access control (and Chip Authentication), confirms the
//! card is the same document, and continues at the same offsets. Refused lengths step down a
//! ladder on the same connection, re-running access control when the refusal ended secure
//! messaging. A cancel token stops it before its next APDU.

use super::chip_check::{ChipCheck, ca_choice, cam_check, none_run, run_aa, run_ca};
use super::connect::{CardAccessFile, read_atr_info, read_card_access};
use super::document::{CardRead, ProbeResult, ReadOptions, SessionReport};
use super::plan::{Plan, plan_from_com, plan_from_sod};
use super::{
    FileReader, PartialFile, ReadEvent, ReadListener, ReadPhase, ReadProgress, ReadStrategy,
    length_refusal,
};
use crate::access::{AccessKey, AccessOutcome, establish_with};
use crate::apdu::CommandApdu;
use crate::card::{CancelToken, CardError, CardSession, LinkStats, historical_extended_length};
use crate::chip::ChipAuthenticationChoice;
use crate::lds::{ElementaryFile, SecurityInfos, parse_dg1};
use crate::ports::CardTransport;
use std::collections::BTreeMap;
use zeroize::Zeroize;

/// Length refusals recovered from on one connection before giving up.
const MAX_RECOVERIES: u32 = 8;

/// Where Chip Authentication stands.
#[derive(Debug, Clone, Default)]
enum CaState {
    /// Not tried yet.
    #[default]
    NotTried,
    /// The chip has no DG14 key this reader runs (or CAM proved the chip already).
    Unavailable,
    /// Run, with its verdict.
    Done {
        choice: Box<ChipAuthenticationChoice>,
        check: ChipCheck,
    },
}

/// Everything a read holds between connections.
#[derive(Debug, Default)]
struct State {
    reader: Option<FileReader>,
    chip_lengths_known: bool,
    card_access: Option<CardAccessFile>,
    card_access_infos: Option<SecurityInfos>,
    access: Option<AccessOutcome>,
    files: BTreeMap<ElementaryFile, Vec<u8>>,
    partial: BTreeMap<ElementaryFile, PartialFile>,
    plan: Option<Plan>,
    cam: Option<ChipCheck>,
    ca: CaState,
    aa: Option<ChipCheck>,
    connections: u32,
    reauthentications: u32,
    reread_bytes: u64,
    traffic: LinkStats,
}

/// A document read that can continue over a new connection after the card left the field.
/// What it read is personal data: it is zeroized when the reader is dropped.
#[derive(Debug)]
pub struct DocumentReader {
    key: AccessKey,
    options: ReadOptions,
    cancel: CancelToken,
    state: State,
    finished: Option<CardRead>,
}

impl Drop for DocumentReader {
    fn drop(&mut self) {
        let state = &mut self.state;
        let finished = self
            .finished
            .iter_mut()
            .flat_map(|read| read.files.values_mut());
        for bytes in state.files.values_mut().chain(finished) {
            bytes.zeroize();
        }
        for partial in state.partial.values_mut() {
            partial.data.zeroize();
        }
    }
}

impl DocumentReader {
    /// A read with `key` and `options`, not yet started.
    pub fn new(key: AccessKey, options: ReadOptions) -> Self {
        Self {
            key,
            options,
            cancel: CancelToken::new(),
            state: State::default(),
            finished: None,
        }
    }

    /// The token that cancels this read (from any thread) before its next APDU.
    pub fn cancel_token(&self) -> CancelToken {
        self.cancel.clone()
    }

    /// Where the read stands.
    pub fn progress(&self) -> ReadProgress {
        let state = &self.state;
        ReadProgress {
            files_done: state.files.len(),
            files_planned: state.plan.as_ref().map(|p| p.wanted.len()),
            bytes_done: state.files.values().map(Vec::len).sum::<usize>()
                + state.partial.values().map(|p| p.data.len()).sum::<usize>(),
            connections: state.connections,
            reauthentications: state.reauthentications,
        }
    }

    /// Reads the document over `transport`, continuing where an earlier call stopped. When the
    /// link fails ([`CardError::is_link_loss`]), call again with a new transport once the card
    /// is presented again. [`CardError::DifferentDocument`] discards what was read.
    pub fn read(
        &mut self,
        transport: Box<dyn CardTransport>,
        listener: &dyn ReadListener,
    ) -> Result<CardRead, CardError> {
        if let Some(done) = &self.finished {
            return Ok(done.clone());
        }
        let mut session = self.connect(transport, listener);
        let result = self.with_reader(&mut session, |this, session, reader| {
            this.open(session, reader, listener, true)?;
            this.advance_recovering(session, reader, listener)
        });
        self.finish(&session, result)
    }

    /// Runs access control only, reporting EF.CardAccess.
    pub fn probe(
        &mut self,
        transport: Box<dyn CardTransport>,
        listener: &dyn ReadListener,
    ) -> Result<ProbeResult, CardError> {
        let mut session = self.connect(transport, listener);
        let result = self.with_reader(&mut session, |this, session, reader| {
            this.open(session, reader, listener, true)
        });
        self.state.traffic = add(self.state.traffic, session.stats());
        result?;
        let card_access_bytes = match &self.state.card_access {
            Some(CardAccessFile::Present(bytes)) => Some(bytes.clone()),
            _ => None,
        };
        Ok(ProbeResult {
            card_access_bytes,
            card_access: self.state.card_access_infos.clone(),
            session: self.report()?,
        })
    }

    /// A new session with the finished read's card: access control runs again and the chip
    /// proves it is the same document, for work after the read (relaying a remote verifier's
    /// Chip Authentication). Losing the card here leaves the read as it was.
    ///
    /// # Errors
    /// [`CardError::NotFinished`] before the read has finished; otherwise as [`Self::read`].
    pub fn reconnect(
        &mut self,
        transport: Box<dyn CardTransport>,
        listener: &dyn ReadListener,
    ) -> Result<CardSession, CardError> {
        if self.finished.is_none() {
            return Err(CardError::NotFinished);
        }
        let mut session = self.connect(transport, listener);
        let result = self.with_reader(&mut session, |this, session, reader| {
            this.open(session, reader, listener, true)
        });
        self.state.traffic = add(self.state.traffic, session.stats());
        result.map(|()| session)
    }

    fn connect(
        &mut self,
        transport: Box<dyn CardTransport>,
        listener: &dyn ReadListener,
    ) -> CardSession {
        self.state.connections += 1;
        if self.state.connections > 1 {
            listener.on_event(ReadEvent::Resumed {
                connection: self.state.connections,
            });
        }
        CardSession::with_cancel(transport, self.cancel.clone())
    }

    fn with_reader<T>(
        &mut self,
        session: &mut CardSession,
        run: impl FnOnce(&mut Self, &mut CardSession, &mut FileReader) -> Result<T, CardError>,
    ) -> Result<T, CardError> {
        let strategy = self.options.strategy;
        let mut reader = self
            .state
            .reader
            .take()
            .unwrap_or_else(|| FileReader::with_strategy(session, strategy));
        reader.forget_selection();
        let result = run(self, session, &mut reader);
        self.state.reader = Some(reader);
        result
    }

    fn finish(
        &mut self,
        session: &CardSession,
        result: Result<CardRead, CardError>,
    ) -> Result<CardRead, CardError> {
        self.state.traffic = add(self.state.traffic, session.stats());
        match result {
            Ok(mut read) => {
                read.session = self.report()?;
                self.finished = Some(read.clone());
                Ok(read)
            }
            Err(error @ CardError::DifferentDocument(_)) => {
                self.state = State {
                    connections: self.state.connections,
                    reauthentications: self.state.reauthentications,
                    reread_bytes: self.state.reread_bytes,
                    traffic: self.state.traffic,
                    ..State::default()
                };
                Err(error)
            }
            Err(error) => Err(error),
        }
    }

    fn report(&self) -> Result<SessionReport, CardError> {
        let state = &self.state;
        let access = state
            .access
            .clone()
            .ok_or(CardError::Malformed("no access control ran"))?;
        let reader = state.reader.as_ref();
        Ok(SessionReport {
            access,
            apdus: state.traffic.apdus,
            bytes_sent: state.traffic.bytes_sent,
            bytes_received: state.traffic.bytes_received,
            extended_length: reader.is_some_and(FileReader::extended_length),
            length_cap: reader.and_then(FileReader::length_cap),
            connections: state.connections,
            reauthentications: state.reauthentications,
            reread_bytes: state.reread_bytes,
        })
    }

    /// EF.CardAccess and EF.ATR/INFO on a new connection (`fresh`), access control, and the
    /// proof that the chip is the document the read began with.
    fn open(
        &mut self,
        session: &mut CardSession,
        reader: &mut FileReader,
        listener: &dyn ReadListener,
        fresh: bool,
    ) -> Result<(), CardError> {
        if fresh {
            self.open_card_access(session, reader, listener)?;
        } else if self.state.card_access_infos.is_some() {
            select_master_file(session)?;
        }
        listener.on_event(ReadEvent::Started(ReadPhase::AccessControl));
        let mut card_security = self.state.files.get(&ElementaryFile::CardSecurity).cloned();
        let established = establish_with(
            session,
            &self.key,
            self.options.policy,
            self.state.card_access_infos.as_ref(),
            &mut card_security,
        );
        if let Some(bytes) = card_security {
            self.state
                .files
                .entry(ElementaryFile::CardSecurity)
                .or_insert(bytes);
        }
        let mut access = established?;
        if matches!(self.state.card_access, Some(CardAccessFile::Unreadable(_))) {
            // BAC ran without knowing whether the chip offers PACE: only the caller's
            // allowance made that acceptable, and the outcome says so.
            access.bac_fallback = true;
        }
        reader.forget_selection();
        listener.on_event(ReadEvent::Finished(ReadPhase::AccessControl));
        let previous = self.state.access.replace(access);
        if previous.is_none() {
            self.state.cam = self.state.access.as_ref().and_then(cam_check);
        } else {
            self.state.reauthentications += 1;
            self.confirm_document(session, reader, listener, fresh)?;
        }
        Ok(())
    }

    fn open_card_access(
        &mut self,
        session: &mut CardSession,
        reader: &mut FileReader,
        listener: &dyn ReadListener,
    ) -> Result<(), CardError> {
        listener.on_event(ReadEvent::Started(ReadPhase::CardAccess));
        if !self.state.chip_lengths_known {
            let historical = session
                .historical_bytes()
                .as_deref()
                .and_then(historical_extended_length);
            reader.apply_chip_lengths(None, historical);
            if reader.extended_length() {
                let info = read_atr_info(session, reader)?;
                reader.apply_chip_lengths(info, historical);
            }
            self.state.chip_lengths_known = true;
        }
        let file = ElementaryFile::CardAccess;
        let select_master_first = matches!(self.options.strategy, ReadStrategy::Fixed { .. });
        let found = read_card_access(session, reader, select_master_first, &mut |done, total| {
            listener.on_event(ReadEvent::Bytes { file, done, total });
        })?;
        match &self.state.card_access {
            Some(first) if *first != found => {
                return Err(CardError::DifferentDocument("its EF.CardAccess differs"));
            }
            Some(_) => {}
            None => {
                self.state.card_access_infos = match &found {
                    CardAccessFile::Present(bytes) => {
                        Some(SecurityInfos::parse(bytes).map_err(|_| {
                            CardError::Malformed("EF.CardAccess is not SecurityInfos")
                        })?)
                    }
                    CardAccessFile::Unreadable(sw) if !self.options.policy.allow_bac_fallback => {
                        return Err(CardError::CardAccessUnreadable(*sw));
                    }
                    _ => None,
                };
                if let CardAccessFile::Present(bytes) = &found {
                    self.state.files.insert(file, bytes.clone());
                }
                self.state.card_access = Some(found);
            }
        }
        listener.on_event(ReadEvent::Finished(ReadPhase::CardAccess));
        Ok(())
    }

    /// After access control ran again: re-runs Chip Authentication (or checks the CAM proof)
    /// with the key the first connection proved, or, on a new connection to a chip that proved
    /// no key, compares DG1.
    fn confirm_document(
        &mut self,
        session: &mut CardSession,
        reader: &mut FileReader,
        listener: &dyn ReadListener,
        fresh: bool,
    ) -> Result<(), CardError> {
        let phase = ReadPhase::ConfirmingDocument;
        listener.on_event(ReadEvent::Started(phase));
        let now = self.state.access.as_ref().and_then(cam_check);
        if let Some(first) = &self.state.cam {
            if first.succeeded() && !now.is_some_and(|check| check.succeeded()) {
                return Err(CardError::DifferentDocument(
                    "the chip does not prove the CAM key of the first one",
                ));
            }
        } else if let CaState::Done { choice, check } = &self.state.ca {
            if check.succeeded() {
                let choice = choice.clone();
                let again = run_ca(session, &choice)?;
                reader.forget_selection();
                if !again.succeeded() {
                    return Err(CardError::DifferentDocument(
                        "the chip does not prove the DG14 key of the first one",
                    ));
                }
            } else if fresh {
                self.compare_dg1(session, reader)?;
            }
        } else if fresh {
            self.compare_dg1(session, reader)?;
        }
        listener.on_event(ReadEvent::Finished(phase));
        Ok(())
    }

    fn compare_dg1(
        &mut self,
        session: &mut CardSession,
        reader: &mut FileReader,
    ) -> Result<(), CardError> {
        let Some(first) = self.state.files.get(&ElementaryFile::Dg(1)).cloned() else {
            return Ok(());
        };
        let again = reader.read(session, ElementaryFile::Dg(1), &mut |_, _| {})?;
        self.state.reread_bytes += again.len() as u64;
        if again != first {
            return Err(CardError::DifferentDocument("its DG1 differs"));
        }
        Ok(())
    }

    /// [`Self::advance`], stepping down the length ladder when the chip refuses a read.
    fn advance_recovering(
        &mut self,
        session: &mut CardSession,
        reader: &mut FileReader,
        listener: &dyn ReadListener,
    ) -> Result<CardRead, CardError> {
        let mut recoveries = 0;
        loop {
            let error = match self.advance(session, reader, listener) {
                Ok(read) => return Ok(read),
                Err(error) => error,
            };
            let Some(status) = length_refusal(&error) else {
                return Err(error);
            };
            recoveries += 1;
            if recoveries > MAX_RECOVERIES || !reader.step_down(session) {
                return Err(CardError::FallbacksExhausted {
                    command: "READ BINARY",
                    sw: status,
                });
            }
            listener.on_event(ReadEvent::LengthReduced { status });
            if session.secure_messaging().is_none() {
                self.open(session, reader, listener, false)?;
            }
        }
    }

    /// Chip Authentication, the plan, every planned file and Active Authentication, skipping
    /// whatever an earlier connection finished.
    fn advance(
        &mut self,
        session: &mut CardSession,
        reader: &mut FileReader,
        listener: &dyn ReadListener,
    ) -> Result<CardRead, CardError> {
        if self.state.plan.is_none() && self.options.strategy != ReadStrategy::Planned {
            let com = self.file(session, reader, ElementaryFile::Com, listener)?;
            self.state.plan = Some(plan_from_com(&com)?);
        }
        let cam = self.state.cam.clone();
        if cam.is_some() {
            self.state.ca = CaState::Unavailable;
        }
        if matches!(self.state.ca, CaState::NotTried) {
            self.chip_authentication(session, reader, listener)?;
        }
        if self.state.plan.is_none() {
            let plan = match self.file(session, reader, ElementaryFile::Sod, listener) {
                Ok(sod) => match plan_from_sod(&sod) {
                    Some(plan) => plan,
                    None => self.plan_from_com(session, reader, listener)?,
                },
                Err(CardError::FileNotFound(_)) => self.plan_from_com(session, reader, listener)?,
                Err(error) => return Err(error),
            };
            self.state.plan = Some(self.narrowed(plan));
        }
        let wanted = self
            .state
            .plan
            .as_ref()
            .map(|p| p.wanted.clone())
            .unwrap_or_default();
        let chip_proven = cam.is_some() || matches!(self.state.ca, CaState::Done { .. });
        let needs_aa = !chip_proven || self.options.active_authentication_challenge.is_some();
        for file in wanted {
            self.file(session, reader, file, listener)?;
            if file == ElementaryFile::Dg(15) && needs_aa && self.state.aa.is_none() {
                self.active_authentication(session, listener)?;
            }
        }
        if needs_aa && self.state.aa.is_none() {
            self.active_authentication(session, listener)?;
        }
        let dg1 = self
            .state
            .files
            .get(&ElementaryFile::Dg(1))
            .ok_or(CardError::FileNotFound("DG1"))?;
        let mrz = parse_dg1(dg1)?;
        let chip = cam
            .or_else(|| match &self.state.ca {
                CaState::Done { check, .. } => Some(check.clone()),
                _ => None,
            })
            .or_else(|| self.state.aa.clone())
            .unwrap_or_else(none_run);
        let active_authentication = self
            .state
            .aa
            .as_ref()
            .and_then(|check| check.active_authentication.clone());
        Ok(CardRead {
            mrz,
            active_authentication,
            files: self.state.files.clone(),
            card_access: self.state.card_access_infos.clone(),
            skipped: self
                .state
                .plan
                .as_ref()
                .map(|p| p.skipped.clone())
                .unwrap_or_default(),
            chip,
            session: self.report()?,
        })
    }

    fn plan_from_com(
        &mut self,
        session: &mut CardSession,
        reader: &mut FileReader,
        listener: &dyn ReadListener,
    ) -> Result<Plan, CardError> {
        let com = self.file(session, reader, ElementaryFile::Com, listener)?;
        plan_from_com(&com)
    }

    /// Reads DG14 (when the chip has it) and runs Chip Authentication with its key; a failed
    /// run is a verdict, after which access control runs again to go on reading.
    fn chip_authentication(
        &mut self,
        session: &mut CardSession,
        reader: &mut FileReader,
        listener: &dyn ReadListener,
    ) -> Result<(), CardError> {
        let dg14 = ElementaryFile::Dg(14);
        if self
            .state
            .plan
            .as_ref()
            .is_some_and(|p| !p.wanted.contains(&dg14))
        {
            self.state.ca = CaState::Unavailable;
            return Ok(());
        }
        let bytes = match self.file(session, reader, dg14, listener) {
            Ok(bytes) => bytes,
            Err(CardError::FileNotFound(_)) => {
                self.state.ca = CaState::Unavailable;
                return Ok(());
            }
            Err(error) => return Err(error),
        };
        let Some(choice) = ca_choice(&bytes) else {
            self.state.ca = CaState::Unavailable;
            return Ok(());
        };
        let phase = ReadPhase::ChipAuthentication;
        listener.on_event(ReadEvent::Started(phase));
        let check = run_ca(session, &choice)?;
        reader.forget_selection();
        let failed = !check.succeeded();
        self.state.ca = CaState::Done {
            choice: Box::new(choice),
            check,
        };
        if failed {
            self.open(session, reader, listener, false)?;
        } else {
            listener.on_event(ReadEvent::Finished(phase));
        }
        Ok(())
    }

    /// The plan with only the files the options ask for (DG1 always).
    fn narrowed(&self, mut plan: Plan) -> Plan {
        if let Some(only) = &self.options.only {
            plan.wanted
                .retain(|file| *file == ElementaryFile::Dg(1) || only.contains(file));
        }
        plan
    }

    fn active_authentication(
        &mut self,
        session: &mut CardSession,
        listener: &dyn ReadListener,
    ) -> Result<(), CardError> {
        let phase = ReadPhase::ActiveAuthentication;
        listener.on_event(ReadEvent::Started(phase));
        let challenge = self.options.active_authentication_challenge;
        self.state.aa =
            Some(run_aa(session, &self.state.files, challenge)?.unwrap_or_else(none_run));
        listener.on_event(ReadEvent::Finished(phase));
        Ok(())
    }

    /// A file: as held, or read (continuing a partial one), kept partial on failure.
    fn file(
        &mut self,
        session: &mut CardSession,
        reader: &mut FileReader,
        file: ElementaryFile,
        listener: &dyn ReadListener,
    ) -> Result<Vec<u8>, CardError> {
        if let Some(bytes) = self.state.files.get(&file) {
            return Ok(bytes.clone());
        }
        let mut partial = self.state.partial.remove(&file).unwrap_or_default();
        listener.on_event(ReadEvent::Started(ReadPhase::File(file)));
        let result = reader.continue_read(session, file, &mut partial, &mut |done, total| {
            listener.on_event(ReadEvent::Bytes { file, done, total });
        });
        match result {
            Ok(()) => {
                listener.on_event(ReadEvent::Finished(ReadPhase::File(file)));
                self.state.files.insert(file, partial.data.clone());
                Ok(partial.data)
            }
            Err(error) => {
                if !partial.data.is_empty() {
                    self.state.partial.insert(file, partial);
                }
                Err(error)
            }
        }
    }
}

fn select_master_file(session: &mut CardSession) -> Result<(), CardError> {
    session.transmit(&CommandApdu::new(0x00, 0xA4, 0x00, 0x0C).with_data([0x3F, 0x00]))?;
    Ok(())
}

fn add(a: LinkStats, b: LinkStats) -> LinkStats {
    LinkStats {
        apdus: a.apdus + b.apdus,
        bytes_sent: a.bytes_sent + b.bytes_sent,
        bytes_received: a.bytes_received + b.bytes_received,
    }
}
