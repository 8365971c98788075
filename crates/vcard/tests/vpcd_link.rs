//! The vpcd connector against a loopback listener playing vpcd: framing, control bytes,
//! oversized and garbage frames, reconnects and stopping.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cccd_vcard::{
    MAX_FRAME_LEN, NullCard, PowerEvent, SW_TRANSPORT_ERROR, VirtualCard, VpcdConnector, VpcdEvent, VpcdOptions,
};

const WAIT: Duration = Duration::from_secs(5);

/// Answers a response whose length is the command's first two bytes (big-endian);
/// records power events.
struct SizedCard {
    atr: Vec<u8>,
    power: Arc<Mutex<Vec<PowerEvent>>>,
}

impl VirtualCard for SizedCard {
    fn atr(&self) -> Vec<u8> {
        self.atr.clone()
    }
    fn power(&mut self, event: PowerEvent) {
        self.power.lock().unwrap().push(event);
    }
    fn transmit(&mut self, command: &[u8]) -> Vec<u8> {
        let len = usize::from(u16::from_be_bytes([command[0], command[1]]));
        let len = if command.len() > 2 && command[2] == 0xFF {
            len + 1 // lets a test ask for 65,536 bytes
        } else {
            len
        };
        let mut response = vec![0xAB; len];
        if len >= 2 {
            response[len - 2..].copy_from_slice(&[0x90, 0x00]);
        }
        response
    }
}

fn listener() -> (TcpListener, VpcdOptions) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut options = VpcdOptions::slot(0);
    options.addr = listener.local_addr().unwrap();
    options.reconnect_delay = Duration::from_millis(20);
    (listener, options)
}

fn accept(listener: &TcpListener) -> TcpStream {
    listener.set_nonblocking(true).unwrap();
    let deadline = Instant::now() + WAIT;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false).unwrap();
                stream.set_read_timeout(Some(WAIT)).unwrap();
                return stream;
            }
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => panic!("the connector did not connect: {e}"),
        }
    }
}

fn send(stream: &mut TcpStream, payload: &[u8]) {
    let len = u16::try_from(payload.len()).unwrap();
    stream.write_all(&len.to_be_bytes()).unwrap();
    stream.write_all(payload).unwrap();
}

fn recv(stream: &mut TcpStream) -> Vec<u8> {
    let mut header = [0u8; 2];
    stream.read_exact(&mut header).unwrap();
    let mut payload = vec![0u8; usize::from(u16::from_be_bytes(header))];
    stream.read_exact(&mut payload).unwrap();
    payload
}

fn assert_closed(stream: &mut TcpStream) {
    let mut byte = [0u8; 1];
    assert!(matches!(stream.read(&mut byte), Ok(0) | Err(_)), "link still open");
}

#[test]
fn answers_control_bytes_and_apdus() {
    let (listener, options) = listener();
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&events);
    let options = options.with_events(move |e| seen.lock().unwrap().push(e.clone()));
    let connector = VpcdConnector::spawn(NullCard::new(), options).unwrap();
    let mut vpcd = accept(&listener);

    send(&mut vpcd, &[0x04]);
    assert_eq!(recv(&mut vpcd), NullCard::new().atr());
    send(&mut vpcd, &[0x01]);
    send(&mut vpcd, &[0x00, 0xA4, 0x04, 0x00, 0x02, 0x3F, 0x00]);
    assert_eq!(recv(&mut vpcd), [0x90, 0x00]);
    send(&mut vpcd, &[]); // empty frame: ignored
    send(&mut vpcd, &[0x07]); // unknown control byte: ignored
    send(&mut vpcd, &[0x02]);
    send(&mut vpcd, &[0x00, 0xB0]); // too short to be an APDU: the card decides
    assert_eq!(recv(&mut vpcd), [0x90, 0x00]);
    assert_eq!(connector.apdus_served(), 2);

    let stats = connector.stop().unwrap();
    assert_closed(&mut vpcd);
    assert_eq!(stats.connections, 1);
    assert_eq!(stats.apdus, 2);
    assert_eq!(stats.atr_requests, 1);
    assert_eq!(stats.power_events, 2);
    assert_eq!(stats.ignored_frames, 2);
    let events = events.lock().unwrap();
    assert!(events.contains(&VpcdEvent::EmptyFrame));
    assert!(events.contains(&VpcdEvent::UnknownControl(7)));
    assert!(events.contains(&VpcdEvent::Apdu { command_len: 7, response_len: 2 }));
}

#[test]
fn oversized_and_short_responses_become_6f00() {
    let (listener, options) = listener();
    let power = Arc::new(Mutex::new(Vec::new()));
    let card = SizedCard { atr: vec![0x3B; MAX_FRAME_LEN + 1], power: Arc::clone(&power) };
    let connector = VpcdConnector::spawn(card, options).unwrap();
    let mut vpcd = accept(&listener);

    send(&mut vpcd, &[0xFF, 0xFF, 0x00]);
    let full = recv(&mut vpcd);
    assert_eq!(full.len(), MAX_FRAME_LEN);
    assert_eq!(full[MAX_FRAME_LEN - 2..], [0x90, 0x00]);
    send(&mut vpcd, &[0xFF, 0xFF, 0xFF]); // 65,536 bytes: cannot be framed
    assert_eq!(recv(&mut vpcd), SW_TRANSPORT_ERROR);
    send(&mut vpcd, &[0x00, 0x01]); // 1 byte: not a response
    assert_eq!(recv(&mut vpcd), SW_TRANSPORT_ERROR);
    send(&mut vpcd, &[0x00, 0x00]);
    assert_eq!(recv(&mut vpcd), SW_TRANSPORT_ERROR);
    send(&mut vpcd, &[0x04]); // oversized ATR: sent empty, meaning "no card"
    assert_eq!(recv(&mut vpcd), Vec::<u8>::new());
    send(&mut vpcd, &[0x00, 0x02]); // the link still works
    assert_eq!(recv(&mut vpcd), [0x90, 0x00]);

    let stats = connector.stop().unwrap();
    assert_eq!(stats.rejected_responses, 4);
}

#[test]
fn garbage_and_lost_links_reconnect_and_power_off() {
    let (listener, options) = listener();
    let power = Arc::new(Mutex::new(Vec::new()));
    let card = SizedCard { atr: vec![0x3B, 0x80, 0x80, 0x01, 0x01], power: Arc::clone(&power) };
    let connector = VpcdConnector::spawn(card, options).unwrap();

    // A frame cut short by the peer closing: the card is powered off, the link retried.
    let mut vpcd = accept(&listener);
    send(&mut vpcd, &[0x01]);
    vpcd.write_all(&[0x12, 0x34, 0x00, 0xA4]).unwrap();
    drop(vpcd);
    // A lone length byte.
    let mut vpcd = accept(&listener);
    vpcd.write_all(&[0x00]).unwrap();
    drop(vpcd);
    // Then a healthy link.
    let mut vpcd = accept(&listener);
    send(&mut vpcd, &[0x00, 0x02, 0x00]);
    assert_eq!(recv(&mut vpcd), [0x90, 0x00]);

    let stats = connector.stop().unwrap();
    assert_eq!(stats.connections, 3);
    let power = power.lock().unwrap();
    assert_eq!(*power, [PowerEvent::On, PowerEvent::Off, PowerEvent::Off, PowerEvent::Off]);
}

#[test]
fn retries_while_refused_and_stops_promptly() {
    // Reserve a port, then free it so connecting is refused.
    let addr: SocketAddr = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let failures = Arc::new(Mutex::new(0u32));
    let seen = Arc::clone(&failures);
    let mut options = VpcdOptions::slot(0).with_events(move |e| {
        if matches!(e, VpcdEvent::ConnectFailed(_)) {
            *seen.lock().unwrap() += 1;
        }
    });
    options.addr = addr;
    options.reconnect_delay = Duration::from_millis(20);
    let connector = VpcdConnector::spawn(NullCard::new(), options).unwrap();

    let deadline = Instant::now() + WAIT;
    while *failures.lock().unwrap() < 2 {
        assert!(Instant::now() < deadline, "no connection attempts");
        std::thread::sleep(Duration::from_millis(10));
    }
    // "pcscd" comes up on the same port: the connector gets in.
    let listener = TcpListener::bind(addr).unwrap();
    let mut vpcd = accept(&listener);
    send(&mut vpcd, &[0x04]);
    assert_eq!(recv(&mut vpcd), NullCard::new().atr());
    assert!(connector.is_connected());

    let started = Instant::now();
    connector.stop().unwrap();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_closed(&mut vpcd);
}
